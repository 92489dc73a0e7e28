"""gunicorn settings for `make serve`: sync workers (stable under load on these machines), graceful restarts."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# Sync workers: measured stable here, where gthread swung widely and had long tails on SQLite writes.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
# Invitation and password-link secrets travel in paths: this logger writes them as [redacted].
logger_class = "log_redaction.GunicornLogger"
errorlog = "-"
# No runtime control socket under $HOME: nothing should be able to reconfigure production from the side.
control_socket_disable = True
