"""Chooses the Chromium that drives the page: Playwright's own if installed, else the system's."""

from __future__ import annotations

import os
from pathlib import Path

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")

ARGS = [
    # Chromium's own background traffic (updates, sync) stays off the network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_options(playwright) -> dict:
    """Returns keyword arguments for playwright.chromium.launch(), or raises RuntimeError."""
    options: dict = {"args": list(ARGS)}
    if os.geteuid() == 0:
        options["args"].append("--no-sandbox")  # Chromium refuses to sandbox as root
    if not Path(playwright.chromium.executable_path).exists():
        if not SYSTEM_CHROMIUM.exists():
            raise RuntimeError(
                "No Chromium: install Debian's `chromium` package (`make setup-dev` does it as "
                "root) or run `playwright install chromium`."
            )
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    return options
