"""The tool bar with icons: 导入、新建、加入简报篮、导出, and the card/table switch."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar

# Icons from the desktop theme where there is one, else the ones Qt's style bundles.
_ICONS = (
    ("import_action", "document-open", QStyle.StandardPixmap.SP_DialogOpenButton),
    ("new_action", "document-new", QStyle.StandardPixmap.SP_FileIcon),
    ("add_to_basket_action", "list-add", QStyle.StandardPixmap.SP_ArrowRight),
    ("export_action", "document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton),
    ("table_action", "view-list-details", QStyle.StandardPixmap.SP_FileDialogDetailedView),
)


def add_tool_bar(window: QMainWindow, menus: QObject) -> QToolBar:
    """`menus` holds the window's actions (ui.window.actions.MenuController): they get icons and
    go on the window's bar, text beside them."""
    bar = QToolBar(QCoreApplication.translate("MainWindow", "常用"))
    bar.setObjectName("main-tools")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    style = window.style()
    for name, theme, fallback in _ICONS:
        action = getattr(menus, name)
        action.setIcon(QIcon.fromTheme(theme, style.standardIcon(fallback)))
        bar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.insertToolBarBreak(bar)
    return bar
