"""Case Archive: with no arguments or only `--archive DIR`, open the window; with a subcommand, run
headless."""

import multiprocessing
import sys
from pathlib import Path


def window_archive(argv: list[str]) -> tuple[bool, Path | str | None]:
    """Whether `argv` asks for the window (nothing, or only `--archive DIR`), and which archive (a
    shared archive's `postgresql://` URL stays a string: a Path would fold its `//`)."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--archive":
        return True, _location(argv[1])
    if len(argv) == 1 and argv[0].startswith("--archive="):
        return True, _location(argv[0].partition("=")[2])
    return False, None


def _location(value: str) -> Path | str:
    return value if "://" in value else Path(value)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    wants_window, archive = window_archive(argv)
    if not wants_window:
        from archive.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run

    return run(archive=archive)


if __name__ == "__main__":
    # A frozen bundle starts multiprocessing's helper processes (the importers' fork server, workers
    # on Windows) by running this program again; here they run their part instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
