"""Screenshot of the window showing an imported Word case whose tables stay tables.

`DISPLAY=:97 python -m tools.reader_table_screenshot [docs]` (a real X server, e.g. `Xvfb :97`):
imports a corpus document with a header-less table and merged cells into a throwaway archive and
saves docs/screenshot-reader-table.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from archive.library import Library
from ui.main_window import MainWindow
from ui.screenshots import close, settle, styled_app, throwaway_settings
from ui.tasks import TaskRunner

DOCUMENT = Path(__file__).resolve().parent.parent / "tests/fixtures/corpus/dev/018-docx-table-titleunit.docx"


def render(out: Path) -> Path:
    app = styled_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder, "archive"))
        report = library.import_paths([DOCUMENT])
        window = MainWindow(throwaway_settings(folder), TaskRunner(synchronous=True))
        window.resize(1480, 900)
        window.set_library(library)
        window.show()
        window.splitter.setSizes([200, 420, 860])
        window.search_bar.search_box.setText(report.imported[0]["title"][:4])
        window.searching.run_search()
        window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
        settle(app)
        window.reading.reader.find("服务过程")  # scrolls the first table into view
        settle(app)
        written = out / "screenshot-reader-table.png"
        window.grab().save(str(written))
        close(window, library)
    return written


if __name__ == "__main__":
    print(render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
