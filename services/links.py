"""Absolute links (SPEC §8): every link the service shows, prints or mails is built here, so it opens on the
server that made it.

The start of the link, in this order:
1. BASE_URL, when set (behind a reverse proxy, or whenever the public address differs from the local one);
2. inside a request, the request's own address (scheme, host and port, as ProxyFix passes them on);
3. otherwise (commands, the mail worker) http://127.0.0.1:PORT, PORT from the environment as `make run` uses it
   (default 5000).
"""

import os
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

DEFAULT_PORT = "5000"


def absolute_url(endpoint: str, *, base_url: str | None = None, **values) -> str:
    """The absolute URL of `endpoint` with `values`; `base_url` (e.g. `invite --base-url`) overrides the rule above."""
    base = (base_url or current_app.config.get("BASE_URL") or "").rstrip("/")
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or command_base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def command_base_url() -> str:
    """Where `flask run` / gunicorn listen on this machine: what a command's link starts with without BASE_URL."""
    port = os.environ.get("PORT", "").strip() or DEFAULT_PORT
    return f"http://127.0.0.1:{port}"
