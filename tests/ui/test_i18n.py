"""Chinese by default; English through Qt's translation files, with every string translated."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from PySide6.QtCore import QCoreApplication, QTranslator

from archive.resources import resource_path
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def test_the_window_speaks_chinese_by_default(qtbot, settings):
    window = MainWindow(settings, TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    assert window.windowTitle() == "典型案例库"
    assert [a.text() for a in window.menuBar().actions()][:2] == ["文件(&F)", "编辑(&E)"]


def test_english_comes_from_the_compiled_translation(qtbot, settings):
    translator = QTranslator()
    assert translator.load(str(resource_path("i18n", "casearchive_en.qm")))
    QCoreApplication.installTranslator(translator)
    try:
        window = MainWindow(settings, TaskRunner(synchronous=True))
        qtbot.addWidget(window)
        assert window.windowTitle() == "Case Archive"
        assert [a.text() for a in window.menuBar().actions()][:2] == ["&File", "&Edit"]
        assert window.filters.item(0).text() == "Tags"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_every_english_string_is_translated():
    tree = ElementTree.parse(resource_path("i18n", "casearchive_en.ts"))
    unfinished = [m.find("source").text for m in tree.iter("message")
                  if m.find("translation").get("type") == "unfinished"
                  or not (m.find("translation").text or m.find("translation").findall("numerusform"))]
    assert unfinished == []
