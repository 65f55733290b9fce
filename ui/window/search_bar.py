"""The search bar of the main window: the query box with its remembered queries, the order, the
saved searches and the ↓ key into the results."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolBar,
    QToolButton,
)

from ui.models.filters import FilterTreeModel
from ui.settings import Settings
from ui.widgets.saved_searches import SavedSearchList
from ui.widgets.search_help import SearchHelpPopup


class SearchBarController(QObject):
    """The query, the order and the saved searches; says by signals when to search."""

    search_requested = Signal()
    """Search now: Return, another order, a fixed query."""
    text_edited = Signal()
    """The query changed while typing: search once the typing pauses."""
    order_chosen = Signal()
    """按相关度 or 按日期 was chosen by hand."""
    down_pressed = Signal()
    """↓ in the query box: into the results (when there are none, `show_search_history`)."""

    def __init__(self, window: QMainWindow, filters: FilterTreeModel) -> None:
        super().__init__(window)
        self._window, self._filters = window, filters
        settings = window.settings
        self.saved_searches = SavedSearchList(settings)
        self.saved_searches.search_chosen.connect(self.apply_search)
        bar = QToolBar(self.tr("检索"))
        bar.setObjectName("search-bar")
        bar.setMovable(False)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setPlaceholderText(self.tr("检索案例：输入词语，空格分隔（Ctrl+F）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(lambda _text: self.text_edited.emit())
        self.search_box.returnPressed.connect(self.search_requested)
        # Typing alone searches, so a query is remembered when the typing is over.
        self.search_box.returnPressed.connect(self._remember_query)
        self.search_box.editingFinished.connect(self._remember_query)
        self._history = QCompleter(settings.get(Settings.SEARCH_HISTORY), self)
        self._history.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_box.setCompleter(self._history)
        self.search_box.installEventFilter(self)
        self.sort_box = QComboBox()
        self.sort_box.addItem(self.tr("按相关度"), "relevance")
        self.sort_box.addItem(self.tr("按日期"), "date")
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(settings.get(Settings.SORT))))
        self.sort_box.currentIndexChanged.connect(lambda _row: self.search_requested.emit())
        self.sort_box.activated.connect(lambda _row: self.order_chosen.emit())
        self.search_help = SearchHelpPopup(window)
        help_button = QToolButton()
        help_button.setObjectName("help")
        help_button.setText("?")
        help_button.setToolTip(self.tr("检索语法"))
        help_button.clicked.connect(self.show_search_help)
        self.save_search_button = QPushButton(self.tr("保存检索"))
        self.save_search_button.clicked.connect(self.ask_save_search)
        clear_filters = QPushButton(self.tr("清除筛选"))
        clear_filters.clicked.connect(filters.clear_checks)
        self.basket_button = QPushButton(self.tr("加入简报篮"))
        self.basket_button.setToolTip(self.tr("把选中的案例加入简报篮（Ctrl+B）"))
        for widget in (self.search_box, help_button, self.sort_box, self.save_search_button,
                       clear_filters, self.basket_button):
            bar.addWidget(widget)
        window.addToolBar(bar)

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.search_box, self.sort_box, self.saved_searches):
            widget.setEnabled(enabled)

    def query(self) -> str:
        return self.search_box.text()

    def order(self) -> str:
        return self.sort_box.currentData()

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_search_help(self) -> None:
        self.search_help.show_below(self.search_box)

    def search_for(self, query: str) -> None:
        self.search_box.setText(query)
        self.search_requested.emit()

    def _remember_query(self) -> None:
        history = self._window.settings.remember_search(self.search_box.text().strip())
        if history != self._history.model().stringList():
            self._history.model().setStringList(history)

    def show_search_history(self) -> None:
        """Every remembered query in the completer's popup, whatever is typed (the Down key)."""
        self._history.setCompletionPrefix("")
        self._history.complete()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓ moves from the search box into the results; Alt+↓ shows the remembered queries."""
        if (watched is self.search_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and not self._history.popup().isVisible()):
            if event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.show_search_history()
            else:
                self.down_pressed.emit()
            return True
        return super().eventFilter(watched, event)

    def current_search(self) -> dict:
        return {"query": self.query(), "sort": self.order(),
                **{kind: self._filters.selected(kind) for kind in ("tag", "year", "unit")}}

    def apply_search(self, search: dict) -> None:
        """Run a saved search: its words, its ticked filters and its order."""
        self.search_box.blockSignals(True)
        self.search_box.setText(search.get("query", ""))
        self.search_box.blockSignals(False)
        self.sort_box.blockSignals(True)
        self.sort_box.setCurrentIndex(max(0, self.sort_box.findData(search.get("sort", "relevance"))))
        self.sort_box.blockSignals(False)
        self._filters.set_selection(search)  # emits filters_changed, which runs the search

    def ask_save_search(self) -> None:
        search = self.current_search()
        name, ok = QInputDialog.getText(self._window, self.tr("保存检索"), self.tr("名称："),
                                        text=search["query"] or "、".join(search["tag"]))
        if ok and name.strip():
            self.saved_searches.save(name.strip(), search)
