"""Case Archive: with no arguments, open the window; with a subcommand, run headless."""

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from archive.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from ui.app import run

    return run()


if __name__ == "__main__":
    sys.exit(main())
