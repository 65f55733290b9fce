"""Import progress moves per file and names it; cancel stops within a second."""

from __future__ import annotations

import time

from ui.dialogs.import_dialog import ImportDialog
from ui.operations import ProgressDisplay
from ui.tasks import TaskRunner


def _text_files(folder, count: int) -> list:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"案例{number:02d}.txt"
        path.write_text(f"第{number}号案例\n\n某县气象局做好第{number}次暴雨预警叫应。" * 3, encoding="utf-8")
        paths.append(path)
    return paths


def test_progress_moves_per_file_and_phase_with_the_file_name(library, tmp_path):
    steps: list[tuple[int, int, str]] = []
    saved: list[str] = []
    library.import_paths(_text_files(tmp_path / "incoming", 5),
                         progress=lambda _done, _total, name: saved.append(name),
                         phases=lambda done, total, what: steps.append((done, total, what)))
    assert saved == [f"案例{n:02d}.txt" for n in range(5)]  # once per file, after it is saved
    values = [done for done, _, _ in steps]
    assert sorted(set(values)) == [0, 1, 2, 3, 4, 5]
    assert values == sorted(values)  # never backwards
    assert {total for _, total, _ in steps} == {5}
    named = [what for _, _, what in steps]
    assert named[0] == "案例00.txt · 读取"
    assert "案例02.txt · 保存" in named and named[-1] == "更新索引"


def test_the_dialog_shows_the_current_file_while_it_imports(qtbot, library, tmp_path, monkeypatch):
    seen: list[str] = []
    step = ProgressDisplay.step
    monkeypatch.setattr(ProgressDisplay, "step",
                        lambda display, done, total, text: (step(display, done, total, text), seen.append(text)))
    dialog = ImportDialog(library, TaskRunner(synchronous=True), _text_files(tmp_path / "in", 3), None)
    qtbot.addWidget(dialog)
    assert "正在导入第 2/3 个：案例01.txt · 读取" in seen
    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert "导入 3 个" in dialog.label.text()


def test_cancel_stops_the_import_within_a_second(qtbot, library, tmp_path):
    paths = _text_files(tmp_path / "incoming", 60)
    runner = TaskRunner()
    dialog = ImportDialog(library, runner, paths, None)
    qtbot.addWidget(dialog)
    # Once the readers are running (their start-up, a few seconds, is not interrupted).
    qtbot.waitUntil(lambda: dialog.progress.maximum() == 60 and dialog.progress.value() >= 1,
                    timeout=30_000)
    started = time.monotonic()
    dialog.buttons.rejected.emit()
    qtbot.waitUntil(lambda: not dialog.operation.running, timeout=5_000)
    assert time.monotonic() - started < 1.0
    assert "已取消" in dialog.label.text()
    assert library.case_count() < 10 + 60
