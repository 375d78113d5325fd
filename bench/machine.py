"""Describes the machine the numbers were measured on."""

from __future__ import annotations

import os
import platform
from datetime import datetime, timezone
from pathlib import Path

WEBGL_RENDERER_JS = """() => {
    const gl = document.createElement('canvas').getContext('webgl');
    const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'none';
}"""


def load_average() -> str:
    """Returns the 1, 5 and 15-minute load averages, as `uptime` shows them."""
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def describe_machine(browser_version: str, webgl: str) -> dict:
    """Returns what the numbers depend on: CPU, cores, memory, load, software, date."""
    import tensorflow as tf

    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "load": load_average(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "chromium": browser_version,
        "webgl": webgl,
    }
