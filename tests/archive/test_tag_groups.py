"""A group tag means the same wherever it is used: typed in a query, ticked in the filter tree,
counted in the overview, chosen for an exchange package."""

from __future__ import annotations

import pytest

from archive.library import CaseDraft, Library, SearchFilters


@pytest.fixture
def library(tmp_path):
    with Library.open(tmp_path / "archive") as opened:
        opened.cases.add(CaseDraft("汛期叫应", "暴雨预警后逐级叫应。", tags=("防汛",)))
        opened.cases.add(CaseDraft("地灾排查", "汛前排查隐患点。", tags=("地质灾害",)))
        opened.cases.add(CaseDraft("综合减灾", "社区减灾示范。", tags=("防灾减灾",)))
        opened.cases.add(CaseDraft("夏粮收购", "收购进度过半。", tags=("粮食安全",)))
        yield opened


def found(library: Library, query: str, filters: SearchFilters | None = None) -> set[str]:
    return {library.get_case(hit.id).title for hit in library.search(query, filters or SearchFilters(), limit=50).hits}


def test_the_shipped_group_holds_the_tags_used_here(library):
    assert {"防汛", "地质灾害"} <= set(library.tags.groups()["防灾减灾"])


@pytest.mark.parametrize("typed", ["标签:防灾减灾", "tag:防灾减灾", '标签:"防灾减灾"', "标签：防灾减灾"])
def test_typing_a_group_finds_what_ticking_it_finds(library, typed):
    ticked = found(library, "", SearchFilters(tags_any=("防灾减灾",)))
    assert ticked == {"汛期叫应", "地灾排查", "综合减灾"}
    assert found(library, typed) == ticked


def test_a_typed_group_combines_with_words_and_exclusions(library):
    assert found(library, "标签:防灾减灾 叫应") == {"汛期叫应"}
    assert found(library, "标签:防灾减灾 OR 标签:粮食安全") == {"汛期叫应", "地灾排查", "综合减灾", "夏粮收购"}
    assert found(library, "-标签:防灾减灾") == {"夏粮收购"}


def test_a_plain_tag_is_not_widened(library):
    assert found(library, "标签:防汛") == {"汛期叫应"}
    assert library.tags.expand(["防汛"]) == ("防汛",)


def test_packing_by_a_group_selects_its_tags(library):
    chosen = {library.get_case(i).title for i in library.packages.select(tags=["防灾减灾"])}
    assert chosen == found(library, "标签:防灾减灾")
