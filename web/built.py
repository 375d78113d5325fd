"""Reads a built site (web/dist) by its files' logical names, through the build's manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

MANIFEST_META = re.compile(r'<meta name="site-manifest" content="([^"]+)"')


class BuiltSite:
    """A built site: its root folder and the manifest that maps logical names to files."""

    def __init__(self, root: Path):
        self.root = Path(root)
        html = (self.root / "index.html").read_text()
        found = MANIFEST_META.search(html)
        if found is None:
            raise ValueError(f"{self.root / 'index.html'} names no site manifest")
        self.manifest = json.loads((self.root / found.group(1)).read_text())["files"]

    def path(self, logical: str) -> Path:
        """Returns the file behind a logical name such as "models/cnn/model.json"."""
        return self.root / self.manifest[logical]["url"]

    def json(self, logical: str):
        """Returns a JSON file of the site, parsed."""
        return json.loads(self.path(logical).read_text())
