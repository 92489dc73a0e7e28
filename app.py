"""Samverkanstrappan: the application factory. `flask --app app …` and gunicorn's `app:create_app()` find it."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Nothing here touches the database schema: `flask --app app init-db` does that."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, test_config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind N proxies the client's address (for rate limits) and the scheme come from their headers.
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    from logging_setup import configure_logging

    configure_logging(app)

    import log_redaction
    from extensions import babel, csrf, db, limiter, login_manager, mail, migrate
    from services.database import configure_engine
    from views.i18n import install_template_gettext, select_locale

    log_redaction.install(app)
    db.init_app(app)
    migrate.init_app(app, db, directory="migrations", render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    limiter.init_app(app)
    mail.init_app(app)
    with app.app_context():
        configure_engine(db.engine)

    from commands import register_commands
    from views import register_views

    register_views(app)
    register_commands(app)
    return app
