"""`pip install .` gives a program that runs: every third-party module it imports is declared, and a
clean venv made with the pip that ships with Python imports every module of the program."""

from __future__ import annotations

import ast
import ensurepip
import importlib.metadata
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "search", "ui")


def _declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])
            for requirement in project["dependencies"]}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level module name -> the files that import it, for modules outside the standard library."""
    ours = {*PACKAGES, "resources", "main"}
    found: dict[str, set[str]] = {}
    files = [ROOT / "main.py", *(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in ours and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_third_party_module_the_program_imports_is_a_declared_dependency():
    declared = _declared_distributions()
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, files in _third_party_imports().items():
        # A module is declared when the project names its distribution, or names the module itself
        # (PySide6 is a distribution that pulls in the PySide6-Essentials that holds its files).
        distributions = {_normalise(d) for d in providers.get(module, ())} | {_normalise(module)}
        if not distributions & declared:
            undeclared[module] = sorted(files)
    assert undeclared == {}


def test_html_cleaning_that_trafilatura_needs_is_declared_directly():
    # jusText imports lxml.html.clean, which lxml ships only through an extra that old pips
    # do not resolve: the project declares the module's own distribution instead.
    assert "lxml-html-clean" in _declared_distributions()


@pytest.mark.skipif(os.environ.get("CASEARCHIVE_SKIP_INSTALL_TEST") == "1",
                    reason="CASEARCHIVE_SKIP_INSTALL_TEST=1")
def test_a_clean_install_with_the_pip_that_ships_with_python_imports_every_module(tmp_path):
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)  # ensurepip: the pip bundled with this Python
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip_version = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True,
                                 check=True).stdout
    assert pip_version.split()[1] == ensurepip.version()
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"}
    env.pop("PYTHONPATH", None)
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", str(ROOT)],
                             capture_output=True, text=True, env=env, timeout=1200)
    if install.returncode and "No matching distribution" in install.stderr + install.stdout:
        pytest.skip("the package registry cannot be reached: " + install.stderr[-300:])
    assert install.returncode == 0, install.stderr[-3000:]

    # Outside the source tree, so only the installed copy can be imported; every module, then the
    # lazily imported parts of the importers, by reading one file of each kind.
    script = """
import importlib, pkgutil, sys, pathlib, tempfile
for package in ("archive", "search", "ui"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
from archive.importers import read_document
folder = pathlib.Path(tempfile.mkdtemp())
(folder / "a.html").write_text(
    "<html><body><article><h1>题目</h1><p>" + "正文内容，用于检验网页导入。" * 20 + "</p></article></body></html>",
    encoding="utf-8")
(folder / "b.txt").write_text("标题\\n\\n" + "正文。" * 30, encoding="gb18030")
for path in sorted(folder.iterdir()):
    read_document(path)
print("ok")
"""
    run = subprocess.run([python, "-c", script], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().endswith("ok")
