"""Running `casearchive` in-process from a test, with its output captured by pytest's capsys."""

from __future__ import annotations

import json

from archive.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main([*args])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *args: str) -> dict:
    status, out, err = run(capsys, *args, "--json")
    assert status == 0, err
    return json.loads(out)
