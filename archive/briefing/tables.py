"""How a table is laid out before it is written: merged cells placed on a grid, column widths, the
type size that lets the widest table fit the type area, and which columns hold numbers.

GB/T 9704 sets tables in 仿宋 (4号, 小4 when the table is wide) under a 黑体 header row; a table
wider than the type area gets smaller type rather than running over the margin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.briefing.pagination import text_cells
from archive.briefing.spans import Span

NORMAL_SIZE = 14.0                        # 4号
WIDE_SIZE = 12.0                          # 小4
SMALLER_SIZES = (10.5, 9.0, 7.5)          # 五号, 小五, 六号: a table that does not fit otherwise
CELL_PADDING_TWIPS = 170                  # left + right cell margins
MAX_NATURAL_CELLS = 14.0                  # a longer cell wraps rather than widening its column
_NUMBER = re.compile(r"[+\-−]?[\d,，]*\d(?:[.．]\d+)?\s*[%％‰]?[\u4e00-\u9fff]{0,2}")
# What may not be broken inside a cell: a Latin word or a number with its sign and decimals.
_UNBREAKABLE = re.compile(r"[A-Za-z0-9０-９.,%％_@/:+\-−]+")


@dataclass(frozen=True)
class Cell:
    spans: Sequence[Span]
    colspan: int = 1
    rowspan: int = 1

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Slot:
    """One grid position: the cell that starts here, or the cell above continuing down into it."""

    cell: Cell
    first_row: bool          # False: a vertical merge continuing
    colspan: int


@dataclass
class TableLayout:
    grid: list[list[Slot | None]]             # rows × columns; None where a merged cell spans across
    columns: int
    widths: list[int] = field(default_factory=list)
    size: float = NORMAL_SIZE
    numeric: list[bool] = field(default_factory=list)


def as_cell(value: Cell | Sequence[Span]) -> Cell:
    return value if isinstance(value, Cell) else Cell(tuple(value))


def place(rows: Sequence[Sequence[Cell]]) -> tuple[list[list[Slot | None]], int]:
    """Cells on a grid, spans followed; ragged rows are padded with empty cells."""
    taken: dict[tuple[int, int], Slot | None] = {}
    columns = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            colspan = max(1, cell.colspan)
            rowspan = max(1, min(cell.rowspan, len(rows) - r))
            for dr in range(rowspan):
                taken[(r + dr, c)] = Slot(cell, dr == 0, colspan)
                for dc in range(1, colspan):
                    taken[(r + dr, c + dc)] = None
            c += colspan
            columns = max(columns, c)
    columns = max(columns, 1)
    empty = Cell(())
    grid = [[taken[(r, c)] if (r, c) in taken else Slot(empty, True, 1) for c in range(columns)]
            for r in range(len(rows))]
    return grid, columns


def lay_out(rows: Sequence[Sequence[Cell | Sequence[Span]]], width_twips: int, header_rows: int = 0,
            *, size: float | None = None) -> TableLayout:
    """Grid, column widths in twips (summing to `width_twips`), type size and number columns."""
    grid, columns = place([[as_cell(c) for c in row] for row in rows])
    single = [[slot.cell.text if slot is not None and slot.first_row and slot.colspan == 1 else ""
               for slot in row] for row in grid]
    natural = [2.0] * columns
    least = [1.0] * columns
    for row in single:
        for c, text in enumerate(row):
            natural[c] = max(natural[c], min(MAX_NATURAL_CELLS, text_cells(text) + 1))
            longest_word = max((text_cells(w) for w in _UNBREAKABLE.findall(text)), default=0)
            least[c] = max(least[c], longest_word + 0.5)
    layout = TableLayout(grid, columns, size=size or _fitting_size(natural, least, width_twips))
    total = sum(natural)
    widths = [max(int(width_twips * n / total), round(least[c] * layout.size * 20) + CELL_PADDING_TWIPS)
              for c, n in enumerate(natural)]
    # Give back what the unbreakable minimums took, from the columns with room to spare.
    excess = sum(widths) - width_twips
    while excess > 0:
        spare = [c for c in range(columns)
                 if widths[c] > round(least[c] * layout.size * 20) + CELL_PADDING_TWIPS]
        if not spare:
            break
        share = max(1, excess // len(spare))
        for c in spare:
            take = min(share, excess, widths[c] - round(least[c] * layout.size * 20) - CELL_PADDING_TWIPS)
            widths[c] -= take
            excess -= take
    widths[-1] += width_twips - sum(widths)
    layout.widths = widths
    layout.numeric = [_is_number_column([row[c] for row in single[header_rows:]]) for c in range(columns)]
    return layout


def _fitting_size(natural: Sequence[float], least: Sequence[float], width_twips: int) -> float:
    """4号 when the cells fit on their lines at it, 小4 for a wide table, smaller still when even the
    numbers and Latin words would not fit their columns."""
    columns = len(natural)
    line = width_twips - columns * CELL_PADDING_TWIPS
    wide = columns >= 6 or sum(natural) * NORMAL_SIZE * 20 > line
    for size in ((NORMAL_SIZE,) if not wide else ()) + (WIDE_SIZE, *SMALLER_SIZES):
        if sum(least) * size * 20 <= line:
            return size
    return SMALLER_SIZES[-1]


def _is_number_column(texts: Sequence[str]) -> bool:
    values = [t.strip() for t in texts if t.strip()]
    return bool(values) and all(_NUMBER.fullmatch(v) for v in values)
