"""The site build (web/build.mjs): hashed names, the manifest, the service worker, the budget."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
from urllib.parse import urlparse

import pytest

from core.paths import PUBLIC_DIR, ROOT
from tests.helpers import build_site, open_page

# Bytes fetched until the first gallery prediction, as gzip -9 and as the dev server sends
# them with brotli: issue 13's goals, on a device like this one (two cores: one thread).
GZIP_BUDGET = 360_000
BROTLI_BUDGET = 300_000
COMPRESSIBLE = {".html", ".js", ".css", ".json", ".wasm", ".bin"}  # as web/build.mjs has it
COPIES = {".br", ".gz"}
# Prints the SHA-256 of each brotli file named on the command line, decompressed (Python's
# standard library has no brotli).
BROTLI_DIGESTS = """
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { brotliDecompressSync } = require('node:zlib');
for (const file of process.argv.slice(1)) {
  const bytes = brotliDecompressSync(readFileSync(file));
  console.log(createHash('sha256').update(bytes).digest('hex'));
}
"""


def test_every_listed_file_matches_its_size_and_digest(site):
    assert {"config.json", "samples/samples.json", "tfjs-backend-wasm-simd.wasm"} <= set(
        site.manifest
    )
    for logical, entry in site.manifest.items():
        data = (site.root / entry["url"]).read_bytes()
        assert len(data) == entry["size"], logical
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], logical
        # Content-hashed names: the logical name plus the digest's first 12 hex digits.
        stem, dot, ext = logical.rpartition(".")
        assert entry["url"] == f"{stem}-{entry['sha256'][:12]}{dot}{ext}", logical


def test_page_references_hashed_files_and_no_source_maps(site):
    html = (site.root / "index.html").read_text()
    scripts = re.findall(r'src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert re.fullmatch(r"app-[0-9A-Z]{8}\.js", scripts[0]) and len(scripts) == 1
    assert re.fullmatch(r"style-[0-9a-f]{12}\.css", styles[0])
    for path in [*scripts, *styles]:
        assert (site.root / path).is_file()
    for js in site.root.rglob("*.js"):
        assert "sourceMappingURL" not in js.read_text(), f"{js.name} links its source map"
    assert any(site.root.rglob("*.js.map"))  # written for debugging, just not linked


def test_service_worker_precaches_existing_files(site):
    source = (site.root / "sw.js").read_text()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source, re.S).group(1))
    assert "./" in precache and "sw.js" not in precache
    for path in precache[1:]:
        assert (site.root / path).is_file(), path
        assert not path.endswith(".map")
    # Every file but the training worker, its whole WASM binaries and its images, which only
    # visitors who train fetch.
    on_demand = {"train-worker.js"} | {
        name for name in site.manifest if name.startswith(("training/", "train-worker/"))
    }
    assert on_demand - {"train-worker.js"}, "the site has no training images"
    kept = {entry["url"] for name, entry in site.manifest.items() if name not in on_demand}
    assert kept <= set(precache)
    assert not {site.manifest[name]["url"] for name in on_demand} & set(precache)


def test_the_page_gets_stripped_wasm_binaries_and_the_worker_whole_ones(site):
    wasm = ROOT / "node_modules" / "@tensorflow" / "tfjs-backend-wasm" / "dist"
    for name in ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"]:
        original = (wasm / name).read_bytes()
        whole = site.manifest[f"train-worker/{name}"]
        assert whole["sha256"] == hashlib.sha256(original).hexdigest()
        assert site.manifest[name]["size"] < 0.7 * len(original)


def test_compressible_files_have_copies_that_decompress_to_them(site):
    files = sorted(p for p in site.root.rglob("*") if p.suffix in COMPRESSIBLE)
    assert {"index.html", "sw.js"} <= {p.name for p in files}
    copied = sorted(p.with_suffix("") for p in site.root.rglob("*") if p.suffix in COPIES)
    assert set(copied) <= set(files)  # no copies of PNGs, source maps or licence texts
    # Copies are written when they are smaller: anything but the tiniest file has both.
    assert all(p in copied for p in files if p.stat().st_size > 1000)
    for path in files:
        if (gz := path.with_name(path.name + ".gz")).exists():
            assert gzip.decompress(gz.read_bytes()) == path.read_bytes(), path
            assert gz.stat().st_size < path.stat().st_size
    brotli = [p for p in files if p.with_name(p.name + ".br").exists()]
    result = subprocess.run(
        ["node", "-e", BROTLI_DIGESTS, *(f"{p}.br" for p in brotli)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == [hashlib.sha256(p.read_bytes()).hexdigest() for p in brotli]


def test_compressed_copies_are_listed_nowhere(site):
    source = (site.root / "sw.js").read_text()
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", source, re.S).group(1))
    listed = [*precache, *(entry["url"] for entry in site.manifest.values())]
    assert not [url for url in listed if url.endswith((".br", ".gz"))]
    assert any(url.endswith(".wasm") for url in listed)  # the lists are the real ones


def test_build_refuses_a_model_with_ops_the_page_cannot_run(tmp_path):
    public = tmp_path / "public"
    shutil.copytree(PUBLIC_DIR, public)
    model_json = public / "models" / "cnn" / "model.json"
    model = json.loads(model_json.read_text())
    model["modelTopology"]["node"].append({"name": "odd", "op": "Erf"})
    model_json.write_text(json.dumps(model))
    out = tmp_path / "dist"
    result = subprocess.run(
        ["node", "web/build.mjs", "--public", str(public), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "models/cnn/model.json uses ops the page's TF.js build does not include: Erf" in (
        result.stderr
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # nothing half-built left


def test_build_swaps_the_new_site_in_and_cleans_up(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old.txt").write_text("the previous site")
    (tmp_path / ".dist.tmp-killed").mkdir()  # left behind by a killed build
    build_site(PUBLIC_DIR, out)
    assert (out / "index.html").is_file() and not (out / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    assert oct(out.stat().st_mode & 0o777) == "0o755"  # readable by a web server


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("browser_page", "wasm"),
    [
        ("page", "tfjs-backend-wasm-simd.wasm"),  # this machine: two cores, one thread
        ("threaded_page", "tfjs-backend-wasm-threaded-simd.wasm"),
    ],
)
def test_first_view_fits_the_budget(request, site_url, site, browser_page, wasm):
    """Everything fetched until the first gallery prediction, as a compressing host sends it."""
    page = request.getfixturevalue(browser_page)
    open_page(page, site_url)
    fetched = page.evaluate(
        """() => {
            const [mark] = performance.getEntriesByName('first-gallery-prediction');
            return [location.href, ...performance.getEntriesByType('resource')
                .filter((r) => r.responseEnd <= mark.startTime).map((r) => r.name)];
        }"""
    )
    paths = {urlparse(url).path.lstrip("/") or "index.html" for url in fetched}
    model = site.manifest["models/cnn/group1-shard1of1.bin"]["url"]
    binaries = {entry["url"] for name, entry in site.manifest.items() if name.endswith(".wasm")}
    assert model in paths and paths & binaries == {site.manifest[wasm]["url"]}
    assert not any("webgl" in p or "/cpu-" in p for p in paths)  # fallbacks stay unloaded
    # The threaded glue comes only with the threaded binary.
    glue = any(p.startswith("chunks/tfjs-backend-wasm-threaded-simd-") for p in paths)
    assert glue == ("threaded" in wasm)
    assert site.manifest["models/mlp/model.json"]["url"] not in paths
    gzipped = {p: len(gzip.compress((site.root / p).read_bytes(), 9)) for p in paths}
    total = sum(gzipped.values())
    assert total <= GZIP_BUDGET, f"{total:,} bytes: {sorted(gzipped.items())}"
    if browser_page == "page":  # the goal's device; threads add their binary and loader
        brotli = {p: _sent_with_brotli(site.root / p) for p in paths}
        total = sum(brotli.values())
        assert total <= BROTLI_BUDGET, f"{total:,} bytes: {sorted(brotli.items())}"


def _sent_with_brotli(path):
    """Returns the bytes the dev server sends for a file to a browser accepting brotli."""
    copy = path.with_name(path.name + ".br")
    return (copy if copy.exists() else path).stat().st_size


@pytest.mark.e2e
def test_the_page_preloads_the_chunks_its_app_imports(page, site_url, site):
    console = []
    page.on("console", lambda message: console.append(message.text))
    html = (site.root / "index.html").read_text()
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', html))
    open_page(page, site_url)
    fetched = page.evaluate(
        """() => {
            const [mark] = performance.getEntriesByName('first-gallery-prediction');
            return performance.getEntriesByType('resource')
                .filter((r) => r.responseEnd <= mark.startTime).map((r) => r.name);
        }"""
    )
    chunks = {urlparse(url).path.lstrip("/") for url in fetched if "/chunks/" in url}
    # Every chunk the first prediction needs is preloaded and every preload is used; the
    # threaded loader and the panels' chunks come later or not at all.
    assert preloaded and preloaded == chunks
    assert not [text for text in console if "preload" in text.lower()]


@pytest.mark.e2e
def test_the_dev_server_sends_the_page_its_brotli_copies(page, site_url, site):
    open_page(page, site_url)
    sent = page.evaluate(
        """performance.getEntriesByType('resource').map((r) => [r.name, r.encodedBodySize])"""
    )
    sizes = {urlparse(url).path.lstrip("/"): size for url, size in sent}
    app = next(p for p in sizes if p.startswith("app-"))
    wasm = site.manifest["tfjs-backend-wasm-simd.wasm"]["url"]
    for path in (app, wasm, site.manifest["models/cnn/model.json"]["url"]):
        assert sizes[path] == (site.root / f"{path}.br").stat().st_size, path
