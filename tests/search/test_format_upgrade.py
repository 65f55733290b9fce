"""An index written in an earlier format is rebuilt once, by itself, with the rebuild's progress."""

from __future__ import annotations

from archive.library import Library
from archive.model import CaseDraft
from search.analysis import ANALYSIS_VERSION


def test_an_index_of_the_previous_format_is_rebuilt_once_with_progress(tmp_path):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add(CaseDraft("颱風防禦中漁船回港避風", "颱風來臨前，漁船全部回港避風。", unit="某市海洋與漁業局"))
        library.cases.add(CaseDraft("防汛应急演练", "组织防汛应急演练，检验预警叫应流程。", unit="某区应急管理局"))
    version_file = folder / "index" / "analysis-version"
    version_file.write_text(str(int(ANALYSIS_VERSION) - 1), encoding="utf-8")

    steps: list[tuple[int, int, str]] = []
    with Library.open(folder, progress=lambda done, total, what: steps.append((done, total, what))) as library:
        assert version_file.read_text(encoding="utf-8") == ANALYSIS_VERSION
        assert ("重建搜索索引" in {what for _, _, what in steps}) and steps[-1][:2] == (2, 2)
        assert [h.snippet_html for h in library.search("台风 漁船").hits] == ["<b>颱風</b>來臨前，<b>漁船</b>全部回港避風。"]
        assert library.search("叫应").total == 1

    steps.clear()
    with Library.open(folder, progress=lambda done, total, what: steps.append((done, total, what))):
        assert "重建搜索索引" not in {what for _, _, what in steps}
