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

FIRST_VIEW_BUDGET = 400_000  # gzip -9 bytes fetched until the first gallery prediction


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
    # Every file but the training worker and its images, which only visitors who train fetch.
    on_demand = {"train-worker.js"} | {
        name for name in site.manifest if name.startswith("training/")
    }
    assert on_demand - {"train-worker.js"}, "the site has no training images"
    kept = {entry["url"] for name, entry in site.manifest.items() if name not in on_demand}
    assert kept <= set(precache)
    assert not {site.manifest[name]["url"] for name in on_demand} & set(precache)


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
def test_first_view_fits_the_budget(page, site_url, site):
    """Everything fetched until the first gallery prediction, as a compressing host sends it."""
    open_page(page, site_url)
    fetched = page.evaluate(
        """() => {
            const [mark] = performance.getEntriesByName('first-gallery-prediction');
            return [location.href, ...performance.getEntriesByType('resource')
                .filter((r) => r.responseEnd <= mark.startTime).map((r) => r.name)];
        }"""
    )
    paths = {urlparse(url).path.lstrip("/") or "index.html" for url in fetched}
    sizes = {p: len(gzip.compress((site.root / p).read_bytes(), 9)) for p in paths}
    model = site.manifest["models/cnn/group1-shard1of1.bin"]["url"]
    assert model in paths and site.manifest["tfjs-backend-wasm-simd.wasm"]["url"] in paths
    assert not any("webgl" in p or "/cpu-" in p for p in paths)  # fallbacks stay unloaded
    assert site.manifest["models/mlp/model.json"]["url"] not in paths
    total = sum(sizes.values())
    assert total <= FIRST_VIEW_BUDGET, f"{total:,} bytes: {sorted(sizes.items())}"
