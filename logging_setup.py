"""Logs as one JSON object per line on stdout.

Every handler passes `log_redaction.RedactSecrets`, so no secret a message might carry is ever written. Requests are
logged by the app itself (method, path without query string, status, duration), so gunicorn's access log is off.
"""

import logging
import sys
import time

from flask import Flask, g, request
from pythonjsonlogger.json import JsonFormatter

from log_redaction import RedactSecrets, redact


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s", rename_fields={"levelname": "level", "asctime": "time"}
        )
    )
    handler.addFilter(RedactSecrets())
    return handler


def configure_logging(app: Flask) -> None:
    """JSON lines on stdout for the app, SQLAlchemy warnings and the dev server, unless LOG_JSON is off."""
    root = logging.getLogger()
    if app.config.get("LOG_JSON", True) and not root.handlers:
        # Nobody configured logging (flask run, commands): JSON lines on stdout. Under gunicorn, gunicorn.conf.py
        # has already given the root logger a JSON handler.
        root.addHandler(json_handler())
        # Libraries speak up only for warnings; the app's own records (requests included) at INFO.
        root.setLevel(logging.WARNING)
        for name in (app.logger.name, "samverkanstrappan", "werkzeug"):
            logging.getLogger(name).setLevel(logging.INFO)
    for handler in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
    if root.handlers:
        app.logger.handlers.clear()  # the root's handler writes the app's records; Flask's own would write them twice
        app.logger.propagate = True

    requests_log = logging.getLogger("samverkanstrappan.request")

    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        if request.endpoint == "static":
            return response
        started = g.get("request_started")
        requests_log.info(
            "request",
            extra={
                "method": request.method,
                "path": redact(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
                "endpoint": request.endpoint,
            },
        )
        return response
