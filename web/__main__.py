"""Command line: python -m web [--port 8000]."""

import argparse
import os
import sys

from core.console import run_safely
from core.flags import add_site_flag
from web.server import serve


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m web", description="Serve the built static site for local development."
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", 8000)),
        help="port to listen on (default: $PORT, else 8000)",
    )
    add_site_flag(parser)
    args = parser.parse_args()
    return run_safely(serve, **vars(args))


if __name__ == "__main__":
    sys.exit(main())
