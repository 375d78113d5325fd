"""Serves what the benchmark measures on free loopback ports: the site and the peer page."""

from __future__ import annotations

import functools
import logging
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from core.console import UserError


@contextmanager
def in_thread(server, shutdown):
    """Runs a server in a daemon thread; yields it and stops it on exit."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        shutdown()


@contextmanager
def serving(site: Path):
    """Serves the built site with the dev server (`python -m web`'s app); yields its URL."""
    from werkzeug.serving import make_server

    from web.server import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    if not (site / "index.html").is_file():
        raise UserError(f"{site} has no index.html. Build the site first: make build")
    server = make_server("127.0.0.1", 0, create_app({"SITE_DIR": site}), threaded=True)
    with in_thread(server, server.shutdown):
        yield f"http://127.0.0.1:{server.server_port}/"


class QuietHandler(SimpleHTTPRequestHandler):
    """Python's plain static file handler, without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 (the base class names it so)
        """Logs nothing."""


@contextmanager
def serving_folder(folder: Path):
    """Serves a folder as a plain static host does (no compression); yields its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def shutdown():
        server.shutdown()
        server.server_close()

    with in_thread(server, shutdown):
        yield f"http://127.0.0.1:{server.server_port}/"
