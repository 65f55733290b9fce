"""Render the app icon, resources/icons/casearchive.svg, into the files a build needs.

    python packaging/make_icons.py OUT_DIR

writes OUT_DIR/casearchive.png (256 px, for the Linux desktop entry) and OUT_DIR/casearchive.ico
(for the Windows executables). The build spec runs it; nothing generated is kept in the repository.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "casearchive.svg"
PNG_SIZE = 256
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
"""The sizes Windows asks for in title bars, the taskbar and Explorer at the usual scalings."""


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """An ICO file of PNG images, one per size (Windows reads PNG entries since Vista).

    Qt's own ICO writer stores a single image, so Windows would scale it for every other size.
    """
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 = icon, image count
    offset = len(header) + 16 * len(pngs)
    entries = []
    for size, png in pngs.items():
        # width, height (0 means 256), palette size, reserved, colour planes, bits per pixel, length, offset
        entries.append(struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset))
        offset += len(png)
    return header + b"".join(entries) + b"".join(pngs.values())


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "casearchive.png").write_bytes(render_png(renderer, PNG_SIZE))
    (out / "casearchive.ico").write_bytes(ico_file({size: render_png(renderer, size) for size in ICO_SIZES}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
