"""Security headers on every response, and a Content-Security-Policy without inline script or style."""

import time

from flask import Flask, Response, current_app, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: The session key that records when the session cookie was last renewed, and how often it is renewed at most.
RENEWED_KEY = "renewed"
RENEW_EVERY_SECONDS = 60


def register(app: Flask) -> None:
    @app.before_request
    def _renew_session_in_use() -> None:
        """Keep a session in use alive: its cookie (and so its 24-hour expiry) is written again once a minute."""
        if session.permanent:
            now = int(time.time())
            if now - session.get(RENEWED_KEY, 0) >= RENEW_EVERY_SECONDS:
                session[RENEWED_KEY] = now

    @app.after_request
    def _security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        # Invitation links carry a secret: never let it travel in a Referer header.
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure or current_app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            # Pages show answers and dashboards of named organisations: no shared or back-button cache keeps them.
            headers.setdefault("Cache-Control", "no-store")
        return response
