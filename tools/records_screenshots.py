"""Pictures of compiled materials as records: the basket with excerpts, the 简报与汇编 view, and a
材料汇编 mixing two excerpts and a whole case rendered page by page.

`DISPLAY=:96 python -m tools.records_screenshots [docs]` on a real X server (`Xvfb :96 -screen 0
1280x720x24`); the window shots are taken with ImageMagick's `import -window root`, the pages with
LibreOffice and pdftoppm. Everything happens in a throwaway archive.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from archive.library import BriefingOptions, CaseDraft, Library
from ui.app import demo_drafts
from ui.main_window import MainWindow
from ui.screenshots import close, settle, styled_app, throwaway_settings
from ui.tasks import TaskRunner

FIGURES = CaseDraft(
    "城区内涝风险预警服务成效评估", unit="某市气象台", date=dt.date(2024, 9, 2), body="""## 一、基本情况

今年汛期全市出现区域性暴雨过程十一次，城区内涝风险预警首次按街道发布。

## 二、服务数据

| 项目 | 2023年 | 2024年 | 变化 |
| --- | --- | --- | --- |
| 内涝风险预警（次） | 18 | 31 | +13 |
| 预警提前量（分钟） | 32 | 47 | +15 |
| 转移群众（人） | 1 260 | 3 480 | +2 220 |

按街道发布后，积水点位的平均响应时间由 52 分钟缩短到 35 分钟。

## 三、下一步

把预警延伸到地下空间和下穿通道。
""")


def shoot(path: Path) -> Path:
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    return path


def render(out: Path) -> list[Path]:
    app = styled_app()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder, "archive"))
        demo = library.get_cases(library.cases.add_many(demo_drafts()[:8]))
        figures = library.cases.add(FIGURES)
        practice = library.excerpt(demo[0].id, 2, 5, "叫应机制的主要做法")
        numbers = library.excerpt(figures.id, 3, 5, "内涝预警服务数据")
        compilation = library.word.export(
            [practice, numbers, demo[3].id], Path(folder, "九月调度会材料汇编.docx"),
            BriefingOptions(title="九月调度会材料汇编", unit="某市气象局办公室", date=dt.date(2024, 9, 20)))
        library.word.export([demo[1].id, library.excerpt(demo[4].id, 4, 5)], Path(folder, "简报.docx"),
                       BriefingOptions(layout="briefing", title="气象工作简报", unit="某市气象局办公室"))
        written += pages(library, compilation, out)

        window = MainWindow(throwaway_settings(folder), TaskRunner(synchronous=True))
        window.resize(1280, 720)
        window.set_library(library)
        window.reading.basket.set_ids([practice, demo[2].id, numbers, library.excerpt(demo[5].id, 6, 7)])
        library.cases.update(demo[5].id, CaseDraft(demo[5].title, demo[5].body + "\n补记：渔船已全部复产。\n",
                                                  demo[5].unit, date=demo[5].date))
        window.showMaximized()
        window.reading.open_case(demo[0].id)
        window.reading.basket_dock.setMinimumWidth(500)
        settle(app)
        written.append(shoot(out / "screenshot-basket-excerpts.png"))

        dialog = window.dialogs.show_briefings()
        dialog.resize(1000, 520)
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(1))
        settle(app)
        written.append(shoot(out / "screenshot-briefings-view.png"))
        dialog.accept()
        close(window, library)
    return written


def pages(library: Library, document: Path, out: Path) -> list[Path]:
    """The document as PNG pages (80 dpi): LibreOffice, then pdftoppm."""
    pdf = library.convert_to_pdf(document, document.with_suffix(".pdf"))
    prefix = out / "records-compilation"
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(prefix)], check=True)
    return sorted(out.glob("records-compilation-*.png"))


if __name__ == "__main__":
    for path in render(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
