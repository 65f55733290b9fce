"""A piece of text with its inline formatting: what Markdown becomes before it is laid out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A piece of text with its inline formatting; `face` borrows another style's fonts."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    vertical: str | None = None       # superscript | subscript
    code: bool = False
    face: str | None = None
    size: float | None = None
    color: str | None = None

    def but(self, **changes: object) -> Span:
        """A copy with `changes`; made directly (dataclasses.replace is several times slower, and
        an export makes tens of thousands of these)."""
        copy = object.__new__(Span)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    @property
    def formatting(self) -> tuple:
        """Everything but the text: spans alike in this are one run."""
        return (self.bold, self.italic, self.underline, self.strike, self.vertical, self.code, self.face,
                self.size, self.color)
