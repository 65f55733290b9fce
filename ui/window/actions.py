"""The main window's menus, their actions (and which are enabled) and the context menus of the
result list and the tag tree.

It is a part of `MainWindow` (ui/main_window.py), mixed into it: its methods use the window's
widgets and state as `self`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from archive.library import ADMIN_ROLE
from ui.dialogs.preferences import switch_language
from ui.i18n import fill
from ui.language import LANGUAGES
from ui.roles import KindRole, ValueRole
from ui.settings import Settings
from ui.toolbar import add_tool_bar


class ActionsMixin:
    def _build_menus(self) -> None:
        def action(menu, text, handler, shortcut=None) -> QAction:
            item = menu.addAction(text)
            item.triggered.connect(handler)
            if shortcut is not None:
                item.setShortcut(shortcut)
            return item

        files = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.archives.add_actions(files)
        files.addSeparator()
        self.new_action = action(files, self.tr("新建案例"), lambda: self.edit_case(None),
                                 QKeySequence.StandardKey.New)
        self.import_action = action(files, self.tr("导入文件…"), self.choose_import_files, "Ctrl+I")
        self.import_folder_action = action(files, self.tr("导入文件夹…"), self.choose_import_folder)
        self.unpack_action = action(files, self.tr("导入交流包…"), self.choose_packages)
        files.addSeparator()
        self.export_action = action(files, self.tr("导出 Word…"), lambda: self.export_cases(None), "Ctrl+E")
        self.briefings_action = action(files, self.tr("简报与汇编…"), self.show_briefings)
        self.pack_action = action(files, self.tr("导出交流包…"), lambda: self.export_package())
        files.addSeparator()
        self.backups_action = action(files, self.tr("备份与恢复…"), self.show_backups)
        files.addSeparator()
        action(files, self.tr("退出"), self.close, QKeySequence.StandardKey.Quit)

        edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        self.edit_action = action(edit, self.tr("编辑案例"), lambda: self.edit_case(self._current_id()),
                                  "F2")
        self.trash_action = action(edit, self.tr("移入回收站"), self.trash_selected,
                                   QKeySequence.StandardKey.Delete)
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.result_view.addAction(self.trash_action)
        self.add_to_basket_action = action(edit, self.tr("加入简报篮"), self.add_selection_to_basket,
                                           "Ctrl+B")
        self.batch_action = action(edit, self.tr("批量修改标签、单位、日期…"), self.edit_selected_cases)
        edit.addSeparator()
        action(edit, self.tr("回收站…"), self.show_trash)
        self.tags_action = action(edit, self.tr("管理标签…"), self.show_tag_manager)
        action(edit, self.tr("检索"), self.focus_search, QKeySequence.StandardKey.Find)
        edit.addSeparator()
        self.preferences_action = action(edit, self.tr("首选项…"), self.show_preferences, "Ctrl+,")

        view = self.menuBar().addMenu(self.tr("视图(&V)"))
        basket_toggle = self.basket_dock.toggleViewAction()
        basket_toggle.setText(self.tr("简报篮"))
        view.addAction(basket_toggle)
        self.stats_action = action(view, self.tr("统计概览…"), self.show_statistics)
        self.table_action = action(view, self.tr("表格视图"), lambda checked: self.show_table(checked),
                                   "Ctrl+T")
        self.table_action.setCheckable(True)
        view.addSeparator()
        self.language_menu = view.addMenu(self.tr("界面语言"))
        for code, name in LANGUAGES:
            choice = action(self.language_menu, name, lambda _=False, c=code: self._choose_language(c))
            choice.setCheckable(True)
        self._check_language()

        tools = self.menuBar().addMenu(self.tr("工具(&T)"))
        self.reindex_action = action(tools, self.tr("重建搜索索引"), self.reindex)
        self.check_action = action(tools, self.tr("检查案例库…"), self.show_check)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        action(help_menu, self.tr("检索语法"), lambda: self.search_help.show_below(self.search_box))
        action(help_menu, self.tr("关于典型案例库"), self.show_about)
        add_tool_bar(self)

        for view in (self.result_view, self.table_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(self._result_menu)
        self.table_view.addAction(self.trash_action)

    def _set_enabled(self, enabled: bool) -> None:
        writable = enabled and self.library is not None and not self.library.read_only
        for widget in (self.search_box, self.sort_box, self.filter_view, self.result_view,
                       self.basket_panel, self.saved_searches):
            widget.setEnabled(enabled)
        for item in (self.export_action, self.add_to_basket_action, self.stats_action, self.pack_action,
                     self.backups_action, self.check_action, self.briefings_action):
            item.setEnabled(enabled)
        for item in (self.new_action, self.import_action, self.import_folder_action,
                     self.edit_action, self.trash_action, self.reindex_action, self.unpack_action,
                     self.batch_action):
            item.setEnabled(writable)
        # Renaming, merging, recoloring and deleting tags is 管理's (the server refuses it anyway).
        self.tags_action.setEnabled(writable and self.library.role == ADMIN_ROLE)
        self.reader_pane.set_editable(writable)

    def _result_menu(self, position: QPoint) -> None:
        view = self.active_results_view()
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
        index = self.filter_view.indexAt(position)
        if index.data(KindRole) == "tag" and self.library is not None:
            self.tag_menu(index.data(ValueRole)).popup(self.filter_view.viewport().mapToGlobal(position))

    def tag_menu(self, tag: str) -> QMenu:
        """The context menu of a tag in the tree."""
        menu = self._popup_menu()
        menu.addAction(fill(self.tr("只看「%1」"), tag), lambda: self.filters.set_selection({"tag": [tag]}))
        pack = menu.addAction(fill(self.tr("导出「%1」的交流包…"), tag), lambda: self.export_package(tag=tag))
        pack.setEnabled(self.pack_action.isEnabled())
        return menu

    def _popup_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def _choose_language(self, code: str) -> None:
        self.settings.set(Settings.LANGUAGE, code)
        switch_language(code)
        self._check_language()

    def _check_language(self) -> None:
        current = self.settings.get(Settings.LANGUAGE)
        for choice, (code, _name) in zip(self.language_menu.actions(), LANGUAGES, strict=True):
            choice.setChecked(code == current)
