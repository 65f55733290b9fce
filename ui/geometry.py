"""Sizes that fit the screen the window is on: a 1280×720 laptop, or 150 % scaling on it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9
"""At most this share of the available screen: the title bar and the frame need the rest."""


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to width×height, or less where the available screen is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    widget.resize(min(width, int(available.width() * SCREEN_SHARE)),
                  min(height, int(available.height() * SCREEN_SHARE)))
