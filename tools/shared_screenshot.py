"""The window connected to a shared archive, and the compare-and-merge dialog of a refused save:
docs/screenshot-shared.png and docs/screenshot-merge.png.

`DISPLAY=:96 python -m tools.shared_screenshot [docs]` on an X server (`Xvfb :96 -screen 0
1280x720x24`). Starts a throwaway PostgreSQL as the tests do (tests/pg_server.py), sets the
shared archive up with `server init`, imports the two real samples (../shared/samples) and the
demo cases, then connects the window the way a person does, through 文件 ▸ 连接共享案例库….
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"


def render(out: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import PostgresServer, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="casearchive-shot-"))
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    server = PostgresServer(bin_dir, root)
    server.start()
    try:
        return _shoot(server, root, out)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _shoot(server, root: Path, out: Path) -> list[Path]:
    from archive.library import CaseDraft, Library, ServerAddress
    from ui.app import demo_drafts
    from ui.main_window import MainWindow
    from ui.screenshots import settle, styled_app, throwaway_settings
    from ui.tasks import TaskRunner

    server.execute("CREATE DATABASE case_archive")
    owner_url = server.url("case_archive")
    Library.init_server(owner_url)
    server.execute("CREATE ROLE wangwan LOGIN IN ROLE casearchive_edit")
    with Library.open(owner_url) as owner:
        owner.import_paths(sorted(SAMPLES.glob("*")))
        owner.cases.add_many(demo_drafts())

    app = styled_app()
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(throwaway_settings(str(root)), TaskRunner(synchronous=True))
    window.setGeometry(0, 0, 1280, 720)
    window.show()
    dialog = window.archives.connect_shared()
    address = ServerAddress.from_url(owner_url.replace("postgres@", "wangwan@"))
    dialog.host_edit.setText(address.host)
    dialog.port_box.setValue(address.port)
    dialog.database_edit.setText(address.database)
    dialog.user_edit.setText(address.user)
    dialog.connect_button.click()
    window.splitter.setSizes([200, 460, 420])
    window.search_bar.search_box.setText("预警")
    window.searching.run_search()
    window.searching.result_view.setCurrentIndex(window.searching.results.index(0))
    settle(app)
    written = [out / "screenshot-shared.png"]
    window.grab().save(str(written[0]))

    case_id = window.searching.results.case_id(0)
    editor = window.reading.edit_case(case_id)
    os.environ["XDG_CACHE_HOME"] = str(root / "cache-colleague")
    with Library.open(owner_url.replace("postgres@", "wangwan@")) as colleague:
        case = colleague.get_case(case_id)
        colleague.update_case(case_id, CaseDraft(
            case.title, case.body.replace("。", "，并于当日向社会公开。", 1), case.unit, case.source,
            case.author, case.date, case.tags))
    editor.body_edit.setMarkdown(editor.body_edit.toMarkdown() + "\n下一步，把叫应机制推广到全部乡镇。\n")
    editor.save()
    settle(app)
    written.append(out / "screenshot-merge.png")
    editor.merge_dialog.grab().save(str(written[-1]))
    editor.merge_dialog.reject()
    editor._dirty = False  # the picture is taken: close without asking
    editor.reject()
    window.runner.wait()
    window.close()
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
