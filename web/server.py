"""Serves the built static site (web/dist) for local development."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, abort, request, send_file
from werkzeug.security import safe_join

from core.console import UserError
from core.paths import DIST_DIR

# Explicit types, so the answer never depends on the host's mime.types
# (Flask adds "; charset=utf-8" to the text types).
MIME_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".map": "application/json",
    ".png": "image/png",
    ".bin": "application/octet-stream",
    ".wasm": "application/wasm",
    ".txt": "text/plain",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}

# Only the site's own files; data: for the inline empty favicon; 'wasm-unsafe-eval'
# lets the TF.js WASM backend compile its .wasm file, and allows no eval of JavaScript.
# blob: is for threaded WASM: TF.js starts its threads as workers from blob: URLs, which
# load the backend's script from another blob: URL (no file of the site holds either).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' blob: 'wasm-unsafe-eval'; "
    "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

# Cross-origin isolation, which WebAssembly threads need (SharedArrayBuffer). The service
# worker (web/src/sw.js) adds the same on hosts that send no such headers.
ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}


# The compressed copies the build writes beside a file (web/build.mjs), by the
# Content-Encoding they are sent with, the most preferred first.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}


class ServerError(UserError):
    """Raised when the server cannot start because the site is not built."""


# The build names every file but index.html and sw.js after its content, e.g.
# app-KUUTV6UI.js or model-f01591317d6f.json: such a file never changes.
HASHED_NAME = re.compile(r"-([0-9a-f]{12}|[0-9A-Z]{8})\.[a-z0-9]+$")  # ours | esbuild's


def cache_control(name: str) -> str:
    """Returns the Cache-Control for a file: for ever if content-hashed, else revalidate."""
    return "public, max-age=31536000, immutable" if HASHED_NAME.search(name) else "no-cache"


def resolve_inside(site: Path, url_path: str) -> Path | None:
    """Returns the file a URL path names, or None unless it is a regular file inside site."""
    joined = safe_join(str(site), url_path)  # refuses "..", absolute paths and backslashes
    if joined is None:
        return None
    path = Path(joined).resolve()  # follows symlinks, so a link out of the site is caught
    if not path.is_file() or not path.is_relative_to(site):
        return None
    return path


def precompressed(site: Path, url_path: str) -> dict[str, Path]:
    """Returns the site's compressed copies of a file, by their Content-Encoding."""
    copies = {
        coding: resolve_inside(site, url_path + suffix) for coding, suffix in PRECOMPRESSED.items()
    }
    return {coding: path for coding, path in copies.items() if path is not None}


def create_app(config: dict | None = None) -> Flask:
    """Builds the dev server app; config may set SITE_DIR (default: web/dist)."""
    app = Flask(__name__, static_folder=None)
    app.config["SITE_DIR"] = DIST_DIR
    app.config.update(config or {})
    site = Path(app.config["SITE_DIR"]).resolve()

    @app.route("/", provide_automatic_options=False)
    def index():
        return site_file("index.html")

    @app.route("/<path:url_path>", provide_automatic_options=False)
    def site_file(url_path: str):
        path = resolve_inside(site, url_path)
        if path is None:
            abort(404)
        mimetype = MIME_TYPES.get(path.suffix, "application/octet-stream")
        copies = precompressed(site, url_path)
        # The first copy the client accepts; its ETag is its own, as send_file makes
        # ETags from the file it sends, so caches never mix up the encodings.
        coding = next((c for c in copies if request.accept_encodings[c]), None)
        body = copies[coding] if coding else path
        response = send_file(body, mimetype=mimetype, max_age=0, conditional=True, etag=True)
        response.headers["Cache-Control"] = cache_control(path.name)
        if coding:
            response.headers["Content-Encoding"] = coding
        if copies:
            response.vary.add("Accept-Encoding")
        return response

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.update(ISOLATION_HEADERS)
        return response

    return app


def serve(host: str, port: int, site: Path) -> None:
    """Serves site on host:port until interrupted."""
    if not (site / "index.html").is_file():
        raise ServerError(f"{site} has no index.html. Build the site first: make build")
    app = create_app({"SITE_DIR": site})
    print(f"Serving {site} at http://{host}:{port}/  (Ctrl-C stops)", flush=True)
    # A taken port gets Werkzeug's own clear message and exit code 1.
    app.run(host=host, port=port, debug=False, threaded=True)
