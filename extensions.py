"""Flask extensions, created unbound here and bound to an app in `create_app`.

Keeping them unbound means importing this module has no side effects: tests and commands build their own app.
"""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
#: SMTP (MAIL_SERVER) or .eml files; only the mail worker sends (services/mail/worker.py).
mail = Mail()
#: Counters live in RATELIMIT_STORAGE_URI (memory:// for one process, redis://… shared by several hosts).
limiter = Limiter(key_func=get_remote_address)
