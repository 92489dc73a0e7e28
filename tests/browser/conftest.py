"""Real-browser fixtures: the app served over real HTTP from a thread, and Debian's Chromium driven by Playwright.

A missing browser fails the tests (it never skips them): CI must prove the pages work in a browser.
"""

import threading
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page plus what went wrong on it: console errors and any request that tried to leave the machine."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.route("**/*", self._only_localhost)

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # Chromium reports a page served with an error status (a 422 form with errors, a 404 page) as a console
        # error about the document itself; that is the page working as designed, not a script error.
        if message.text.startswith("Failed to load resource") and message.location.get("url") == self.page.url:
            return
        self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _only_localhost(self, route):
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    watched = Watched(context.new_page())
    yield watched
    context.close()
    assert watched.outside_requests == [], f"requests left the machine: {watched.outside_requests}"
    assert watched.console_errors == [], f"console errors: {watched.console_errors}"


_axe = Axe()


def assert_accessible(page, label: str) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    violations = _axe.run(page).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{label}: {bad}"


ADMIN_EMAIL, ADMIN_PASSWORD = "forum@example.se", "Forumets-arrangör-2025!"


def log_in_as_admin(page, base: str) -> None:
    """Through the login form, as the admin the e-mail and contact tests create with `user(app, ADMIN_EMAIL, …)`."""
    page.goto(f"{base}/login")
    page.get_by_label("E-postadress").fill(ADMIN_EMAIL)
    page.get_by_label("Lösenord").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
