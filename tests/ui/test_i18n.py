"""Chinese by default; English through Qt's translation files, with every string translated."""

from __future__ import annotations

import ast
import gc
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

import ui
from archive.resources import resource_path
from ui.language import dynamic_property
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
        assert window.filters.itemFromIndex(window.filters.section_index("tag")).text() == "Tags"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_every_english_string_is_translated():
    tree = ElementTree.parse(resource_path("i18n", "casearchive_en.ts"))
    unfinished = [m.find("source").text for m in tree.iter("message")
                  if m.find("translation").get("type") == "unfinished"
                  or not (m.find("translation").text or m.find("translation").findall("numerusform"))]
    assert unfinished == []


def test_every_translation_context_is_a_class_that_asks_for_it():
    """`tr()` looks strings up under its class's name; a context lupdate took from anything else
    (a variable such as `window.tr`, a nested function) is never found, so its strings stay Chinese."""
    classes = {node.name for path in Path(ui.__file__).parent.rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef)}
    tree = ElementTree.parse(resource_path("i18n", "casearchive_en.ts"))
    contexts = {context.findtext("name") or "" for context in tree.iter("context")}
    assert contexts - classes == set()


def test_qts_own_file_dialog_speaks_chinese(qtbot):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

    from ui.app import install_translator

    app = QApplication.instance()
    before = set(app.findChildren(QTranslator))
    locale = QLocale()
    install_translator(app, "zh_CN")
    added = set(app.findChildren(QTranslator)) - before
    try:
        dialog = QFileDialog(None, "导入")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        assert "查找范围：" in labels and "文件类型：" in labels, labels
        assert not any(character.isascii() and character.isalpha() for text in labels
                       for character in text.replace("&N", "").replace("&", ""))
    finally:
        for translator in added:
            app.removeTranslator(translator)
        QLocale.setDefault(locale)


def test_asking_for_a_property_never_set_keeps_nones_reference(qapp):
    # Re-translating asks every widget for remembered sources; PySide6 6.12's property() gives
    # up a reference to None for each one missing, and the interpreter aborts once None has none.
    holder = QObject()
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(1000):
        assert dynamic_property(holder, "never-set") is None
    gc.collect()
    assert sys.getrefcount(None) > before - 100
    holder.setProperty("set", "值")
    assert dynamic_property(holder, "set") == "值"
