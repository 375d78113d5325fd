"""The Flask dev server: files, MIME types, confinement to the site, methods and headers."""

from __future__ import annotations

import socket
import struct
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.helpers import free_port, run_module, serving, start_server, stop_server
from web.server import create_app

FILES = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "config.json": "application/json",
    "models/m/model.json": "application/json",
    "models/m/group1-shard1of1.bin": "application/octet-stream",
    "samples/sprite.png": "image/png",
    "tfjs-backend-wasm-simd.wasm": "application/wasm",
}


@pytest.fixture
def tiny_site(tmp_path):
    """A small site folder with one file of each type, and a secret beside it."""
    root = tmp_path / "dist"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(f"content of {name}".encode())
    (tmp_path / "secret.txt").write_text("outside the site")
    return root


@pytest.fixture
def client(tiny_site):
    return create_app({"SITE_DIR": tiny_site}).test_client()


@pytest.mark.parametrize(("name", "mime"), FILES.items())
def test_serves_each_file_with_its_type(client, name, mime):
    response = client.get(f"/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == mime
    assert response.data == f"content of {name}".encode()


def test_root_is_index_html(client):
    assert client.get("/").data == b"content of index.html"


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/models/..%2f..%2fsecret.txt",
        "/models%2f..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/..%5csecret.txt",
        "/models",
        "/missing.js",
    ],
)
def test_nothing_outside_the_site_is_served(client, url):
    assert client.get(url).status_code == 404


def test_symlink_out_of_the_site_is_not_followed(client, tiny_site):
    (tiny_site / "leak.txt").symlink_to(tiny_site.parent / "secret.txt")
    assert client.get("/leak.txt").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head_are_answered(client, method):
    assert client.open("/index.html", method=method).status_code == 405
    assert client.head("/index.html").status_code == 200


@pytest.mark.parametrize("url", ["/", "/app.js", "/tfjs-backend-wasm-simd.wasm", "/missing.js"])
def test_security_and_isolation_headers_on_every_response(client, url):
    headers = client.get(url).headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"].replace("wasm-unsafe-eval", "")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"


def test_cli_refuses_to_start_without_a_built_site(tmp_path):
    result = run_module("web", "--site", str(tmp_path), "--port", str(free_port()), timeout=60)
    assert result.returncode == 1
    assert "has no index.html" in result.stderr and "make build" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_takes_the_port_from_the_environment(tiny_site):
    port = free_port()
    process = start_server(
        ["env", f"PORT={port}", sys.executable, "-m", "web", "--site", str(tiny_site)], port
    )
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/config.json") as response:
            assert response.read() == b"content of config.json"
    finally:
        stop_server(process)


@pytest.mark.parametrize(
    ("name", "cache"),
    [
        ("app-KUUTV6UI.js", "public, max-age=31536000, immutable"),
        ("model-f01591317d6f.json", "public, max-age=31536000, immutable"),
        ("index.html", "no-cache"),
        ("sw.js", "no-cache"),
        ("group1-shard1of1.bin", "no-cache"),  # not content-hashed: revalidate
    ],
)
def test_hashed_files_are_cached_for_ever_and_the_rest_revalidated(tiny_site, name, cache):
    (tiny_site / name).write_text("x")
    client = create_app({"SITE_DIR": tiny_site}).test_client()
    assert client.get(f"/{name}").headers["Cache-Control"] == cache


HASHED_JS = "app-KUUTV6UI.js"  # cached for ever, so its Cache-Control shows on the copies


def with_copies(site, name: str = HASHED_JS) -> dict[str, bytes]:
    """Writes a file and stand-ins for its .br and .gz copies (the server reads neither);
    returns the bodies by Content-Encoding, None for the file itself."""
    bodies = {None: b"the file itself", "br": b"its brotli copy", "gzip": b"its gzip copy, longer"}
    (site / name).write_bytes(bodies[None])
    (site / f"{name}.br").write_bytes(bodies["br"])
    (site / f"{name}.gz").write_bytes(bodies["gzip"])
    return bodies


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("deflate", None),
        ("identity", None),
        (None, None),
    ],
)
def test_compressed_copies_are_sent_to_clients_that_accept_them(tiny_site, accept, coding):
    bodies = with_copies(tiny_site)
    client = create_app({"SITE_DIR": tiny_site}).test_client()
    headers = {"Accept-Encoding": accept} if accept else {}
    response = client.get(f"/{HASHED_JS}", headers=headers)
    assert response.status_code == 200
    assert response.data == bodies[coding]
    assert response.headers.get("Content-Encoding") == coding
    assert response.headers["Content-Length"] == str(len(bodies[coding]))
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    head = client.head(f"/{HASHED_JS}", headers=headers)
    assert head.headers.get("Content-Encoding") == coding
    assert head.headers["Content-Length"] == str(len(bodies[coding]))


def test_each_encoding_has_its_own_etag(tiny_site):
    with_copies(tiny_site)
    client = create_app({"SITE_DIR": tiny_site}).test_client()
    url = f"/{HASHED_JS}"
    etags = {
        accept: client.get(url, headers={"Accept-Encoding": accept}).headers["ETag"]
        for accept in ("br", "gzip", "identity")
    }
    assert len(set(etags.values())) == 3, etags
    # A client revalidating its brotli copy: unchanged while it asks for brotli ...
    revalidate = {"Accept-Encoding": "br", "If-None-Match": etags["br"]}
    assert client.get(url, headers=revalidate).status_code == 304
    # ... and a fresh answer when it no longer can take brotli.
    response = client.get(url, headers={"If-None-Match": etags["br"]})
    assert response.status_code == 200 and response.data == b"the file itself"


def test_copies_are_sent_as_files_only_when_asked_for_by_name(tiny_site):
    bodies = with_copies(tiny_site)
    client = create_app({"SITE_DIR": tiny_site}).test_client()
    response = client.get(f"/{HASHED_JS}.gz", headers={"Accept-Encoding": "gzip, br"})
    assert response.data == bodies["gzip"] and "Content-Encoding" not in response.headers
    # A file without copies is the same for every client: no Vary.
    png = client.get("/samples/sprite.png", headers={"Accept-Encoding": "gzip, br"})
    assert png.data == b"content of samples/sprite.png" and "Vary" not in png.headers


def test_copies_outside_the_site_are_not_followed(tiny_site):
    (tiny_site / "config.json.br").symlink_to(tiny_site.parent / "secret.txt")
    client = create_app({"SITE_DIR": tiny_site}).test_client()
    response = client.get("/config.json", headers={"Accept-Encoding": "br"})
    assert response.data == b"content of config.json" and "Content-Encoding" not in response.headers


def listening_address(port: int) -> str:
    """Returns the IPv4 address a local socket listens on for port, from /proc/net/tcp."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            return socket.inet_ntoa(struct.pack("<I", int(address, 16)))
    raise AssertionError(f"nothing listens on port {port}")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_cli_binds_to_loopback_unless_asked(tiny_site):
    with serving("flask", tiny_site) as url:
        assert listening_address(urlparse(url).port) == "127.0.0.1"
    with serving("flask", tiny_site, "--host", "0.0.0.0") as url:
        assert listening_address(urlparse(url).port) == "0.0.0.0"  # only when asked


CLIENTS, ROUNDS = 50, 20
SKIPPED = {".map", ".br", ".gz"}
TIME_LIMIT = 600  # seconds; the test stops by itself, whatever the server does


@pytest.mark.slow
def test_fifty_clients_get_every_file_byte_for_byte(site_dir):
    """50 concurrent clients each fetch the whole built site 20 times from the dev server."""
    # Source maps aside: only a browser's developer tools fetch them, and they are half
    # the bytes; and the compressed copies, sent in place of their files (tested above).
    files = [p for p in site_dir.rglob("*") if p.is_file() and p.suffix not in SKIPPED]
    expected = {f"/{p.relative_to(site_dir)}": p.read_bytes() for p in files}
    deadline = time.monotonic() + TIME_LIMIT
    problems = []

    def client(number: int, url: str) -> int:
        fetched = 0
        for _ in range(ROUNDS):
            for path, body in expected.items():
                if time.monotonic() > deadline:
                    problems.append(f"client {number}: not done after {TIME_LIMIT} s")
                    return fetched
                try:
                    with urllib.request.urlopen(url + path[1:], timeout=30) as response:
                        if response.status != 200 or response.read() != body:
                            problems.append(f"client {number}: {path} differs")
                except OSError as err:
                    problems.append(f"client {number}: {path}: {err}")
                fetched += 1
        return fetched

    with serving("flask", site_dir) as url, ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        fetched = sum(pool.map(client, range(CLIENTS), [url] * CLIENTS))
    assert not problems, problems[:10]
    assert fetched == CLIENTS * ROUNDS * len(expected)
