"""plotly.js and what it needs, served by the app itself from the plotly package: never from a CDN.

- `/assets/plotly-<version>.min.js`: the bundle from the plotly wheel, gzipped once per process, cached for a year
  (the version is in the address, so an upgrade gets a new address).
- `/assets/plotly-<version>.css`: the style rules plotly.js would otherwise inject as an inline `<style>` element,
  which the Content-Security-Policy (`style-src 'self'`) forbids. They are read out of the bundle itself, so they
  always match it. The page links them with the id plotly.js looks for (`plotly.js-style-global`) and the class
  `no-inline-styles`, which tells plotly.js not to inject anything.
- `/assets/topojson/<name>.json`: an empty base map. A `choropleth` with its own GeoJSON still fetches a world
  topology from `topojsonURL` (plot.ly's CDN by default) and draws nothing if that fails; the county map passes
  this folder as `topojsonURL`, so no request leaves the machine.
"""

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import plotly
from flask import Blueprint, Flask, Response, abort, request, url_for

bp = Blueprint("dashboard_assets", __name__)

BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
ONE_YEAR = 365 * 24 * 3600
TOPOJSON_NAME = re.compile(r"^[a-z0-9_]{1,40}$")
#: The layers plotly.js reads from a base-map topology; all empty.
TOPOJSON_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")


class BundleFormatError(RuntimeError):
    """The plotly.js bundle no longer has the shape this module reads (a new plotly version): update the parser."""


@dataclass(frozen=True)
class PlotlyAssets:
    version: str
    script: bytes
    css: bytes
    #: plotly.js injects MapLibre's CSS as an inline `<style>` unless an element with this id exists.
    maplibre_style_id: str | None


def _js_string(text: str, start: int) -> tuple[str, int]:
    """The JavaScript string literal starting at `start` (quote included), and the index after it."""
    quote = text[start]
    out, index = [], start + 1
    while text[index] != quote:
        if text[index] == "\\":
            index += 1
            out.append({"n": "\n", "t": "\t"}.get(text[index], text[index]))
        else:
            out.append(text[index])
        index += 1
    return "".join(out), index + 1


def _js_object(text: str, start: int) -> dict[str, str]:
    """A flat object literal of string values, `{"key":"value",key:'value'}`, starting at `start` (at the `{`)."""
    result, index = {}, start + 1
    while text[index] != "}":
        if text[index] in "\"'":
            key, index = _js_string(text, index)
        else:
            match = re.compile(r"[A-Za-z_$][\w$]*").match(text, index)
            if match is None:
                raise BundleFormatError(f"unexpected {text[index : index + 20]!r} in plotly's style rules")
            key, index = match.group(0), match.end()
        if text[index] != ":" or text[index + 1] not in "\"'":
            raise BundleFormatError(f"unexpected {text[index : index + 20]!r} in plotly's style rules")
        result[key], index = _js_string(text, index + 1)
        if text[index] == ",":
            index += 1
    return result


def plotly_css(bundle: str) -> str:
    """The CSS plotly.js injects at load (`addStyleRule` over its rules object), as a stylesheet."""
    loop = re.search(
        r'for\((\w+) in ([\w$]+)\)[\w$]+=\1\.replace\(/\^,/," ,"\)'
        r'\.replace\(/X/g,"([^"]+)"\)\.replace\(/Y/g,"([^"]+)"\)',
        bundle,
    )
    if loop is None:
        raise BundleFormatError("plotly's style rules were not found in the bundle")
    name, x_selector, y_selector = loop.group(2), loop.group(3), loop.group(4)
    definition = bundle.rfind(f"{name}={{", 0, loop.start())
    if definition < 0:
        raise BundleFormatError("plotly's style rules object was not found in the bundle")
    rules = _js_object(bundle, definition + len(name) + 1)
    lines = [f"/* Style rules of plotly.js, read from {BUNDLE.name} by views/dashboard_assets.py. */"]
    for key, declarations in rules.items():
        selector = re.sub(r"^,", " ,", key).replace("X", x_selector).replace("Y", y_selector)
        lines.append(f"{selector}{{{declarations}}}")
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def plotly_assets() -> PlotlyAssets:
    script = BUNDLE.read_bytes()
    head = script[:200].decode("utf-8", "replace")
    version = re.search(r"plotly\.js v([\w.\-]+)", head)
    text = script.decode("utf-8")
    maplibre = re.search(
        r'if\(!document\.getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)', text
    )
    return PlotlyAssets(
        version=version.group(1) if version else plotly.__version__,
        script=script,
        css=plotly_css(text).encode(),
        maplibre_style_id=maplibre.group(1) if maplibre else None,
    )


@lru_cache(maxsize=1)
def plotly_script_gzip() -> bytes:
    """The bundle gzipped (1.4 MB instead of 4.6 MB), made once per process on the first request for it."""
    return gzip.compress(plotly_assets().script, compresslevel=9, mtime=0)


def empty_topology() -> bytes:
    objects = {name: {"type": "GeometryCollection", "geometries": []} for name in TOPOJSON_LAYERS}
    topology = {
        "type": "Topology",
        "objects": objects,
        "arcs": [],
        "transform": {"scale": [0.036, 0.018], "translate": [-180, -90]},
    }
    return json.dumps(topology, separators=(",", ":")).encode()


def _cached(body: bytes, mimetype: str, etag: str, *, gzipped: bytes | None = None) -> Response:
    """A response cached for a year; the gzipped body when the browser takes gzip and one is given."""
    use_gzip = gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(gzipped if use_gzip else body, mimetype=mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(f"{etag}-gz" if use_gzip else etag)
    return response.make_conditional(request)


@bp.get("/assets/plotly-<version>.min.js")
def plotly_script(version: str):
    assets = plotly_assets()
    if version != assets.version:
        abort(404)
    return _cached(assets.script, "text/javascript", f"plotly-{version}", gzipped=plotly_script_gzip())


@bp.get("/assets/plotly-<version>.css")
def plotly_stylesheet(version: str):
    assets = plotly_assets()
    if version != assets.version:
        abort(404)
    return _cached(assets.css, "text/css", f"plotly-css-{version}")


@bp.get("/assets/topojson/<name>.json")
def topojson(name: str):
    if not TOPOJSON_NAME.match(name):
        abort(404)
    return _cached(empty_topology(), "application/json", "empty-topology-1")


def topojson_base_url() -> str:
    """The folder plotly.js is told to fetch base maps from (`topojsonURL`): the app's own empty topologies."""
    return url_for("dashboard_assets.topojson", name="world_110m").removesuffix("world_110m.json")


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(plotly_assets=plotly_assets, topojson_base_url=topojson_base_url)
