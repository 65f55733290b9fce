"""帮助 ▸ 关于: the version, the archive on show, and the licences of the parts bundled with it."""

from __future__ import annotations

import html
import re
from importlib import metadata
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ui.geometry import fit_to_screen
from ui.i18n import fill

APPLICATION = "casearchive"
_NAME = re.compile(r"^[A-Za-z0-9_.\-]+")


def bundled_licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of every library the application requires, from their metadata."""
    try:
        requirements = metadata.requires(APPLICATION) or []
    except metadata.PackageNotFoundError:
        return []
    found = []
    for requirement in requirements:
        if "extra ==" in requirement:
            continue
        name = _NAME.match(requirement).group(0)
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        licence = meta.get("License-Expression") or ""
        if not licence or len(licence) > 60:
            classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                           if c.startswith("License ::")]
            licence = ", ".join(classifiers) or (meta.get("License") or "")[:60]
        found.append((meta["Name"], meta["Version"], licence or "—"))
    return sorted(found, key=lambda entry: entry[0].lower())


def application_version() -> str:
    try:
        return metadata.version(APPLICATION)
    except metadata.PackageNotFoundError:
        return "?"


class AboutDialog(QDialog):
    def __init__(self, archive_folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于典型案例库"))
        fit_to_screen(self, 560, 480)
        self.summary = QLabel(fill(self.tr("典型案例库 %1\n当前案例库：%2"), application_version(),
                                   archive_folder or self.tr("（未打开）")))
        self.summary.setWordWrap(True)
        self.licences = QTextBrowser()
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in entry) + "</tr>"
                       for entry in bundled_licences())
        heading = self.tr("随程序附带的组件及其许可证：")
        self.licences.setHtml(f"<p>{html.escape(heading)}</p><table cellpadding='3'>{rows}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
