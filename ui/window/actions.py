"""The main window's menus, their actions (and which are enabled), the tool bar and the context
menus of the result list and the tag tree."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTreeView

from archive.library import ADMIN_ROLE
from ui.archives import ArchiveSwitcher
from ui.dialogs.preferences import switch_language
from ui.i18n import fill
from ui.language import LANGUAGES
from ui.roles import KindRole, ValueRole
from ui.settings import Settings
from ui.toolbar import add_tool_bar
from ui.window.dialogs import DialogLauncher
from ui.window.reading import ReadingController
from ui.window.search_bar import SearchBarController
from ui.window.searching import SearchingController
from ui.window.status_bar import StatusBarController


class MenuController(QObject):
    """Builds the menu bar and the tool bar over the other parts, and enables their actions."""

    def __init__(self, window: QMainWindow, archives: ArchiveSwitcher, filter_view: QTreeView,
                 bar: SearchBarController,
                 searching: SearchingController, reading: ReadingController, dialogs: DialogLauncher,
                 status: StatusBarController) -> None:
        super().__init__(window)
        self._window, self._filter_view, self._searching = window, filter_view, searching
        self._dialogs, self._status = dialogs, status

        def action(menu: QMenu, text: str, handler: Callable, shortcut=None) -> QAction:
            item = menu.addAction(text)
            item.triggered.connect(handler)
            if shortcut is not None:
                item.setShortcut(shortcut)
            return item

        files = window.menuBar().addMenu(self.tr("文件(&F)"))
        archives.add_actions(files)
        files.addSeparator()
        self.new_action = action(files, self.tr("新建案例"), lambda: reading.edit_case(None),
                                 QKeySequence.StandardKey.New)
        self.import_action = action(files, self.tr("导入文件…"), dialogs.choose_import_files, "Ctrl+I")
        self.import_folder_action = action(files, self.tr("导入文件夹…"), dialogs.choose_import_folder)
        self.unpack_action = action(files, self.tr("导入交流包…"), dialogs.choose_packages)
        files.addSeparator()
        self.export_action = action(files, self.tr("导出 Word…"), lambda: dialogs.export_cases(None),
                                    "Ctrl+E")
        self.briefings_action = action(files, self.tr("简报与汇编…"), dialogs.show_briefings)
        self.pack_action = action(files, self.tr("导出交流包…"), lambda: dialogs.export_package())
        files.addSeparator()
        self.backups_action = action(files, self.tr("备份与恢复…"), dialogs.show_backups)
        files.addSeparator()
        action(files, self.tr("退出"), window.close, QKeySequence.StandardKey.Quit)

        edit = window.menuBar().addMenu(self.tr("编辑(&E)"))
        self.edit_action = action(edit, self.tr("编辑案例"),
                                  lambda: reading.edit_case(searching.current_id()), "F2")
        self.trash_action = action(edit, self.tr("移入回收站"), reading.trash_selected,
                                   QKeySequence.StandardKey.Delete)
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        searching.result_view.addAction(self.trash_action)
        self.add_to_basket_action = action(edit, self.tr("加入简报篮"), reading.add_selection_to_basket,
                                           "Ctrl+B")
        self.batch_action = action(edit, self.tr("批量修改标签、单位、日期…"), dialogs.edit_selected_cases)
        edit.addSeparator()
        action(edit, self.tr("回收站…"), dialogs.show_trash)
        self.tags_action = action(edit, self.tr("管理标签…"), dialogs.show_tag_manager)
        action(edit, self.tr("检索"), bar.focus_search, QKeySequence.StandardKey.Find)
        edit.addSeparator()
        self.preferences_action = action(edit, self.tr("首选项…"), dialogs.show_preferences, "Ctrl+,")

        view = window.menuBar().addMenu(self.tr("视图(&V)"))
        basket_toggle = reading.basket_dock.toggleViewAction()
        basket_toggle.setText(self.tr("简报篮"))
        view.addAction(basket_toggle)
        self.stats_action = action(view, self.tr("统计概览…"), dialogs.show_statistics)
        self.table_action = action(view, self.tr("表格视图"), lambda checked: searching.show_table(checked),
                                   "Ctrl+T")
        self.table_action.setCheckable(True)
        searching.table_shown.connect(self.table_action.setChecked)
        view.addSeparator()
        self.language_menu = view.addMenu(self.tr("界面语言"))
        for code, name in LANGUAGES:
            choice = action(self.language_menu, name, lambda _=False, c=code: self.choose_language(c))
            choice.setCheckable(True)
        self.check_language()

        tools = window.menuBar().addMenu(self.tr("工具(&T)"))
        self.reindex_action = action(tools, self.tr("重建搜索索引"), self.reindex)
        self.check_action = action(tools, self.tr("检查案例库…"), dialogs.show_check)

        help_menu = window.menuBar().addMenu(self.tr("帮助(&H)"))
        action(help_menu, self.tr("检索语法"), bar.show_search_help)
        action(help_menu, self.tr("关于典型案例库"), dialogs.show_about)
        add_tool_bar(window, self)

        for results_view in (searching.result_view, searching.table_view):
            results_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            results_view.customContextMenuRequested.connect(self._result_menu)
        searching.table_view.addAction(self.trash_action)
        filter_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        filter_view.customContextMenuRequested.connect(self._filter_menu)

    def set_enabled(self, enabled: bool, writable: bool) -> None:
        for item in (self.export_action, self.add_to_basket_action, self.stats_action, self.pack_action,
                     self.backups_action, self.check_action, self.briefings_action):
            item.setEnabled(enabled)
        for item in (self.new_action, self.import_action, self.import_folder_action,
                     self.edit_action, self.trash_action, self.reindex_action, self.unpack_action,
                     self.batch_action):
            item.setEnabled(writable)
        # Renaming, merging, recoloring and deleting tags is 管理's (the server refuses it anyway).
        self.tags_action.setEnabled(writable and self._window.library.role == ADMIN_ROLE)

    def reindex(self) -> None:
        library = self._window.library
        self._status.run_with_progress(self.tr("正在重建索引"), lambda context: library.reindex(
            context.progress, context.is_cancelled))

    def _result_menu(self, position: QPoint) -> None:
        view = self._searching.active_results_view()
        if view.indexAt(position).isValid():
            self.result_menu().popup(view.viewport().mapToGlobal(position))

    def result_menu(self) -> QMenu:
        """The context menu of the selected cases in the result list."""
        menu = self._popup_menu()
        menu.addActions([self.edit_action, self.add_to_basket_action, self.batch_action, self.pack_action])
        menu.addSeparator()
        menu.addAction(self.trash_action)
        return menu

    def _filter_menu(self, position: QPoint) -> None:
        index = self._filter_view.indexAt(position)
        if index.data(KindRole) == "tag" and self._window.library is not None:
            self.tag_menu(index.data(ValueRole)).popup(self._filter_view.viewport().mapToGlobal(position))

    def tag_menu(self, tag: str) -> QMenu:
        """The context menu of a tag in the tree."""
        menu = self._popup_menu()
        filters = self._searching.filters
        menu.addAction(fill(self.tr("只看「%1」"), tag), lambda: filters.set_selection({"tag": [tag]}))
        pack = menu.addAction(fill(self.tr("导出「%1」的交流包…"), tag),
                              lambda: self._dialogs.export_package(tag=tag))
        pack.setEnabled(self.pack_action.isEnabled())
        return menu

    def _popup_menu(self) -> QMenu:
        menu = QMenu(self._window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def choose_language(self, code: str) -> None:
        self._window.settings.set(Settings.LANGUAGE, code)
        switch_language(code)
        self.check_language()

    def check_language(self) -> None:
        """Tick the language of the settings in 视图 ▸ 界面语言."""
        current = self._window.settings.get(Settings.LANGUAGE)
        for choice, (code, _name) in zip(self.language_menu.actions(), LANGUAGES, strict=True):
            choice.setChecked(code == current)
