"""The window's parts (ui/window/*) reach the window through a narrow interface only: the open
library, the task runner, the settings, `show_error`, and QMainWindow's own methods."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

import ui.window

WINDOW_INTERFACE = {"library", "runner", "settings", "show_error"}


def window_attributes(source: str) -> set[str]:
    """Attributes read through `window.` or `self._window.` in a module's source."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id == "window") or (
                isinstance(owner, ast.Attribute) and owner.attr == "_window"
                and isinstance(owner.value, ast.Name) and owner.value.id == "self"):
            found.add(node.attr)
    return found


def test_the_parts_use_only_the_window_s_narrow_interface():
    used = {path.name: window_attributes(path.read_text(encoding="utf-8"))
            for path in Path(ui.window.__file__).parent.glob("*.py")}
    assert used["reading.py"] >= {"library", "runner"}  # the walk sees the real accesses
    beyond = {name: sorted(a for a in attributes if a not in WINDOW_INTERFACE and not hasattr(QMainWindow, a))
              for name, attributes in used.items()}
    assert {name: attributes for name, attributes in beyond.items() if attributes} == {}


def test_the_walk_finds_a_part_reaching_into_the_window():
    assert window_attributes("def f(window):\n    window.results.clear()\n") == {"results"}
    assert window_attributes("class P:\n    def f(self):\n        self._window.reader.show()\n") == {"reader"}
