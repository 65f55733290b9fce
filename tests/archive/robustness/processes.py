"""Processes a kill test started, found by a marker in their environment (children inherit it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def marked(marker: str) -> dict[int, str]:
    """The living processes whose environment carries `marker`, by name (Linux: /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    status = (entry / "status").read_text()
                    if "\nState:\tZ" not in status:  # a zombie has ended, its parent not told yet
                        found[int(entry.name)] = status.split("\n", 1)[0].split("\t")[1]
            except OSError:
                pass
    return found


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether `condition()` came true within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
