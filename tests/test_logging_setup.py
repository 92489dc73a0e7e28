"""Logs are JSON lines, and no invitation secret, password, token or cookie reaches them."""

import io
import json
import logging

from log_redaction import redact
from logging_setup import json_handler
from tests.factories import invitation_link


def test_redaction_leaves_ordinary_paths_alone():
    assert redact("GET /respond/2025/section/roles") == "GET /respond/2025/section/roles"


def test_requests_are_logged_as_json_without_the_invitation_secret(app, client, open_round):
    link = invitation_link(app, "2025", "region-25")
    token = link.rsplit("/", 1)[1]
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        client.get(link)
        client.get("/respond/2025/")
        logging.getLogger("werkzeug").info('127.0.0.1 - - "GET %s HTTP/1.1" 302 -', link)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    requests = [line for line in lines if line["name"] == "samverkanstrappan.request"]
    assert {line["path"] for line in requests} == {"/i/[redacted]", "/respond/2025/"}
    assert {line["status"] for line in requests} == {302, 200}
    assert all(line["level"] == "INFO" and "time" in line and "duration_ms" in line for line in requests)
    assert token not in stream.getvalue()
    assert any("/i/[redacted]" in line["message"] for line in lines if line["name"] == "werkzeug")
