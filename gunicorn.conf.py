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
# The app is imported once, in the master, and the workers are forked from it: a worker that starts (or is
# recycled) is ready at once instead of importing pandas and plotly again (about a second of CPU each). No database
# connection is open at that point; services/database.py drops any a worker inherits all the same.
preload_app = True
# Recycle workers now and then so a slow leak can never grow without bound; rarely, as the cheapest routes serve
# thousands of requests a second.
max_requests = 100_000
max_requests_jitter = 10_000
# The app logs every request itself as a JSON line (logging_setup.py), so gunicorn's access log is off. Should
# someone turn it on, this logger writes invitation and password-link secrets in paths as [redacted].
accesslog = None
logger_class = "log_redaction.GunicornLogger"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "asctime": "time"},
        }
    },
    # gunicorn's defaults refer to these two handler names; both write JSON to stdout here.
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        "error_console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
    },
    "loggers": {"gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False}},
}
# No runtime control socket under $HOME: nothing should be able to reconfigure production from the side.
control_socket_disable = True
