"""Read files shipped in the `resources` package, in a source tree and in a frozen bundle alike."""

from __future__ import annotations

import json
import sys
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any


def resource_path(*parts: str) -> Path:
    """A real filesystem path to a shipped resource (for libraries that want a path)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root, "resources", *parts)
    return Path(str(importlib_resources.files("resources").joinpath(*parts)))


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    return json.loads(read_text(*parts))
