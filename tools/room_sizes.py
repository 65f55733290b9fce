"""The largest modules and classes of the code, to see when a room grows back:
python tools/room_sizes.py [--top N] [ROOT]

Modules by lines; classes by lines and by the methods defined in their own body (methods a class
gets from a mixin count where they are written).
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

PACKAGES = ("archive", "search", "ui")


def sizes(root: Path) -> tuple[list[tuple[int, str]], list[tuple[int, int, str]]]:
    """(lines, module) of every module and (lines, methods, module:Class) of every class."""
    modules, classes = [], []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            name = str(path.relative_to(root))
            modules.append((len(text.splitlines()), name))
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.ClassDef):
                    methods = sum(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                                  for item in node.body)
                    classes.append((node.end_lineno - node.lineno + 1, methods, f"{name}:{node.name}"))
    return modules, classes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--top", type=int, default=8)
    arguments = parser.parse_args()
    modules, classes = sizes(arguments.root)
    print("lines  module")
    for lines, name in sorted(modules, reverse=True)[: arguments.top]:
        print(f"{lines:5}  {name}")
    print("\nlines  methods  class")
    for lines, methods, name in sorted(classes, reverse=True)[: arguments.top]:
        print(f"{lines:5}  {methods:7}  {name}")


if __name__ == "__main__":
    main()
