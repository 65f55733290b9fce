"""Case Archive: with no arguments, open the window; with a subcommand, run headless."""

import multiprocessing
import sys


def main() -> int:
    if len(sys.argv) > 1:
        from archive.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from ui.app import run

    return run()


if __name__ == "__main__":
    # A frozen bundle starts multiprocessing's helper processes (the importers' fork server, workers
    # on Windows) by running this program again; here they run their part instead of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
