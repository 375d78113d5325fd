"""Runs a command-line task and turns expected failures into short messages, not tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Callable


class UserError(Exception):
    """Raised for a problem the user can fix; its message is shown as is."""


def run_safely(task: Callable[..., object], **kwargs) -> int:
    """Calls task(**kwargs) and returns a process exit code."""
    try:
        task(**kwargs)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was replaced; earlier results are intact.", file=sys.stderr)
        return 130
    return 0
