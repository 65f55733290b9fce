# PyInstaller's own QtGui hook, less two plugins that would bring whole Qt modules the app never
# uses: the on-screen keyboard (Qt Quick and QML, 17 MB) and PDF pages as images (Qt PDF, 5 MB).
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = {"qtvirtualkeyboardplugin", "qpdf"}

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries
            if Path(source).stem.removeprefix("lib") not in UNUSED_PLUGINS]
