"""The interface language, switched while the program runs (编辑 ▸ 首选项, 视图 ▸ 界面语言).

The UI is written in simplified Chinese; English comes from `resources/i18n`. Switching removes the
translators installed before and installs the new ones, which makes Qt send every widget a
LanguageChange event; `retranslate(window)` then puts each text of the window's widgets, actions,
menus and item models back through the catalogue. Texts the window fills in with numbers (counts,
the case on show) are not in the catalogue: the window writes those again itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QAbstractItemModel, QEvent, QLibraryInfo, QLocale, QObject, Qt, QTranslator
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from archive.library import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
"""Each language with its own name for itself (shown untranslated in the menu and the dialog)."""

_installed: list[QTranslator] = []
_current = [SOURCE_LANGUAGE]
_previous = [SOURCE_LANGUAGE]
"""The language before the last switch: what a window built before it still shows."""
_SHOWN_PROPERTY = "casearchive_language"
_SOURCE_PROPERTY = "casearchive_source_"
"""Prefix of the dynamic properties that remember each text's source (catalogue key)."""


def current_language() -> str:
    return _current[0]


def install_translator(app: QApplication, language: str) -> None:
    """Make `language` the interface language: the app's catalogue, and Qt's own strings (standard
    buttons, colour and file dialogs) from Qt's translations. Replaces what an earlier call
    installed, so it may be called again while the program runs."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _previous[0], _current[0] = _current[0], language
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language.startswith("zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt = QTranslator(app)
        if qt.load("qtbase_zh_CN", qt_translations):
            # The translator installed last is asked first: the fallback goes in first.
            _install(app, MnemonicFallback(qt, app))
            _install(app, qt)
        return
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    translator = QTranslator(app)
    if translator.load(str(resource_path("i18n", f"casearchive_{language}.qm"))):
        _install(app, translator)
    else:
        log.warning("no translation for %s", language)


def _install(app: QApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)


class MnemonicFallback(QTranslator):
    """Qt 6 gave some file-dialog labels a mnemonic ("&Look in:", "Files of &type:") that Qt's own
    Chinese catalogue still holds without one: those are looked up again without the "&"."""

    def __init__(self, catalogue: QTranslator, parent: QApplication) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None, not "": Qt asks the next catalogue only when the answer is a null string.
        if "&" not in source:
            return None
        return self._catalogue.translate(context, source.replace("&", "", 1), disambiguation, n) or None


# -- re-translating what is on show -------------------------------------------------------------

@cache
def _catalogue(language: str) -> dict[str, str]:
    """Source text -> translation, as tools/translate.py compiles it into the .qm."""
    if language == SOURCE_LANGUAGE:
        return {}
    table = resource_path("i18n", f"{language}.json")
    return json.loads(table.read_text(encoding="utf-8")) if table.is_file() else {}


def _in(language: str, source: str) -> str:
    return _catalogue(language).get(source, source)


def dynamic_property(holder: QObject, name: str) -> object:
    """`holder.property(name)`, None when it was never set. Asked first: PySide6 6.12 returns the
    None of a missing property without its reference, and every text re-translated asks."""
    return holder.property(name) if name.encode() in holder.dynamicPropertyNames() else None


def _source_of(holder: QObject | None, key: str, text: str, previous: str, language: str) -> str:
    """The catalogue key of `text`, which is on show in the `previous` language (two keys may
    share a translation, "Updated": the key remembered on `holder` settles which). A dialog is
    re-translated by its window and by itself: the second finds `text` in `language` already."""
    remembered = dynamic_property(holder, _SOURCE_PROPERTY + key) if holder is not None else None
    if isinstance(remembered, str) and text in (_in(previous, remembered), _in(language, remembered)):
        return remembered
    if previous != SOURCE_LANGUAGE:
        text = next((s for s, t in _catalogue(previous).items() if t == text), text)
    return text


def _retext(holder: QObject, key: str, text: str, previous: str, language: str) -> str:
    if not text:
        return text
    source = _source_of(holder, key, text, previous, language)
    holder.setProperty(_SOURCE_PROPERTY + key, source)
    return _in(language, source)


def follow_language(root: QWidget) -> bool:
    """On a LanguageChange event: re-translate `root` from the language it shows into the one
    installed now; False when it shows that one already (Qt sends the event more than once)."""
    shown, language = dynamic_property(root, _SHOWN_PROPERTY) or _previous[0], current_language()
    root.setProperty(_SHOWN_PROPERTY, language)
    if shown == language:
        return False
    retranslate(root, shown, language)
    return True


class FollowsLanguage:
    """Mixed in before QDialog, for a dialog that stays open beside the window: on LanguageChange
    it re-translates its own texts, then fills in again what `keep_filled` registered."""

    def keep_filled(self, key: str, fill_in: Callable[[], None]) -> None:
        """Run `fill_in` (which writes a text made with numbers or names: a count, a version) now
        and after each language switch; a later call with the same `key` replaces it."""
        self.__dict__.setdefault("_fillers", {})[key] = fill_in
        fill_in()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and follow_language(self):
            for fill_in in self.__dict__.get("_fillers", {}).values():
                fill_in()


def retranslate(root: QWidget, previous: str, language: str | None = None) -> None:
    """Every text of `root` and what it holds, from the `previous` language into `language`
    (the one installed now): window titles, tool tips, placeholders, labels, buttons, actions
    and menus, combo box items, tabs, group boxes and the items of standard item models."""
    language = language or current_language()
    if language == previous:
        return

    def convert(holder: QObject, key: str, text: str) -> str:
        return _retext(holder, key, text, previous, language)

    widgets = [root, *root.findChildren(QWidget)]
    actions = {a for w in widgets for a in w.actions()} | set(root.findChildren(QAction))
    for action in actions:
        action.setText(convert(action, "text", action.text()))
        action.setToolTip(convert(action, "tip", action.toolTip()))
    for widget in widgets:
        widget.setWindowTitle(convert(widget, "title", widget.windowTitle()))
        widget.setToolTip(convert(widget, "tip", widget.toolTip()))
        if isinstance(widget, QLabel | QAbstractButton):
            widget.setText(convert(widget, "text", widget.text()))
        if isinstance(widget, QLineEdit):
            widget.setPlaceholderText(convert(widget, "placeholder", widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            widget.setTitle(convert(widget, "group", widget.title()))
        if isinstance(widget, QComboBox):
            for row in range(widget.count()):
                widget.setItemText(row, convert(widget, f"item{row}", widget.itemText(row)))
        if isinstance(widget, QTabWidget):
            for tab in range(widget.count()):
                widget.setTabText(tab, convert(widget, f"tab{tab}", widget.tabText(tab)))
        if isinstance(widget, QAbstractItemView):
            _retranslate_items(widget.model(), previous, language)
        columns = widget.horizontalHeader().count() if isinstance(widget, QTableView) else 0
        if columns and widget.model() is not None:
            # Models translate their headings in headerData(): they are asked again.
            widget.model().headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)


def _retranslate_items(model: QAbstractItemModel | None, previous: str, language: str) -> None:
    """A standard item model holds its texts (section headings among names and counts that are
    not in the catalogue); other models translate in data() as they are asked."""
    if not isinstance(model, QStandardItemModel):
        return
    stack: list[QStandardItem] = [model.invisibleRootItem()]
    while stack:
        item = stack.pop()
        for row in range(item.rowCount()):
            child = item.child(row)
            if child is not None:
                child.setText(_in(language, _source_of(None, "", child.text(), previous, language)))
                stack.append(child)
