"""Page weight of a dashboard in real Chromium: bytes over the wire (gzip where the server compresses) on a first
visit with an empty cache, and on a second visit with the cache the first one filled."""

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS


def _transferred(page, url: str) -> tuple[int, int]:
    """(bytes received, requests that went to the network) while loading `url` and drawing its charts."""
    totals = {"bytes": 0, "requests": 0}

    def finished(request):
        response = request.response()
        if response is None or response.from_service_worker:
            return
        sizes = request.sizes()
        received = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if received > 0:
            totals["bytes"] += received
            totals["requests"] += 1

    page.on("requestfinished", finished)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    page.remove_listener("requestfinished", finished)
    return totals["bytes"], totals["requests"]


def measure(base_url: str, cookies: list[dict], path: str = "/dashboard/overview") -> dict:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies(cookies)
        page = context.new_page()
        first_bytes, first_requests = _transferred(page, base_url + path)
        cached_bytes, cached_requests = _transferred(page, base_url + path)
        browser.close()
    return {
        "page": path,
        "first_load_bytes": first_bytes,
        "first_load_requests": first_requests,
        "cached_bytes": cached_bytes,
        "cached_requests": cached_requests,
    }
