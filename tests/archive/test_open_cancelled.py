"""Opening a folder archive whose index must be rebuilt can be cancelled; the next opening rebuilds it."""

from __future__ import annotations

import shutil

import pytest

from archive.library import CaseDraft, Library, OpenCancelled


def test_a_cancelled_rebuild_on_opening_is_built_again_next_time(tmp_path):
    folder = tmp_path / "archive"
    with Library.open(folder) as library:
        library.cases.add_many([CaseDraft(f"第{n}号案例", f"秸秆禁烧第{n}次巡查。") for n in range(30)])
        index = library.layout.index
    shutil.rmtree(index)

    with pytest.raises(OpenCancelled, match="下次打开时会重新建立"):
        Library.open(folder, is_cancelled=lambda: True)
    with Library.open(folder) as library:
        assert library.search("秸秆禁烧").total == 30
