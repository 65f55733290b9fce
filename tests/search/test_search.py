"""Chinese full-text search: every "must hold" of the search issue, on real Chinese text."""

from __future__ import annotations

import datetime as dt
import gc
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3TermsReader

from search import matching
from search.analysis import FoldingTokenizer, fold
from search.errors import IndexClosed, IndexNeedsRebuild
from search.highlight import snippet
from search.index import SearchIndex
from search.matching import PostingCache, Segment
from search.query import date_bounds, parse
from search.records import IndexRecord, SearchFilters
from search.whoosh_bulk import (
    StoredFields,
    column_codes,
    column_numbers,
    column_strings,
    field_lengths,
    posting_arrays,
)

CASES = [
    IndexRecord("flood", "颱風防禦中漁船回港避風",
                "颱風來臨前，漁船全部回港避風，沿海群眾有序轉移。",
                unit="某市海洋與漁業局", tags=("防灾减灾", "台风"), date=dt.date(2023, 9, 6), version="1"),
    IndexRecord("party", "“三联促三动”推动党建与业务融合", "以联学联建联创促进主动互动联动，破解两张皮。",
                unit="某省气象局", tags=("党建引领",), date=dt.date(2024, 4, 12), version="1"),
    IndexRecord("games", "冬奥会赛区气象保障", "北京冬奥会期间提供百米级、分钟级预报，ＡＩ模型２０２２年上线。",
                unit="某省气象局", tags=("重大活动保障",), date=dt.date(2022, 3, 10), version="1"),
    IndexRecord("harvest", "夏收气象服务", "夏收期间发布麦收天气窗口。台风过境时也提醒农户。",
                unit="某县农业农村局", tags=("粮食安全",), date=dt.date(2023, 6, 20), version="1"),
    IndexRecord("drill", "防汛应急演练", "组织防汛应急演练，检验预警叫应流程。", unit="某区应急管理局",
                tags=("防灾减灾",), date=dt.date(2024, 5, 1), version="1"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    index = SearchIndex.create(tmp_path_factory.mktemp("index"))
    index.upsert(CASES)
    yield index
    index.close()


def ids(index: SearchIndex, query: str, filters: SearchFilters = SearchFilters()) -> list[str]:
    return [hit.id for hit in index.search(query, filters).hits]


@pytest.mark.parametrize("query, expected", [
    ("台风", "flood"), ("颱風", "flood"), ("渔船", "flood"), ("漁船", "flood"),
    ("三动", "party"), ("三聯促三動", "party"), ("冬奥", "games"), ("冬奧會", "games"),
])
def test_scripts_and_parts_of_words_match_both_ways(index, query, expected):
    assert ids(index, query)[0] == expected


def test_full_width_and_half_width_letters_and_digits_match(index):
    assert ids(index, "ai 2022") == ["games"]
    assert ids(index, "ＡＩ") == ["games"]


def test_title_matches_rank_above_body_matches(index):
    assert ids(index, "台风") == ["flood", "harvest"]


def test_a_phrase_must_be_contiguous(index):
    assert ids(index, '"应急演练"') == ["drill"]
    assert ids(index, '"演练应急"') == []


def test_a_phrase_whose_rare_part_s_cases_lack_its_common_part_finds_nothing(tmp_path):
    # The common pair's postings are read for the rare pair's one case only, which has none.
    records = [IndexRecord(f"case{n}", f"第{n}号", "防汛预警。", version="1") for n in range(300)]
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter([*records, IndexRecord("rare", "稀有", "有防备。", version="1")]), 301)
    assert index.search('"有防汛"').total == 0
    assert ids(index, '"有防备"') == ["rare"]
    index.close()


def test_words_separated_by_spaces_must_all_match(index):
    assert ids(index, "台风 农户") == ["harvest"]


def test_or_and_exclusion(index):
    assert sorted(ids(index, "冬奥 OR 夏收")) == ["games", "harvest"]
    assert ids(index, "台风 -漁船") == ["harvest"]


@pytest.mark.parametrize("query", ["标题:台风", "title:台风"])
def test_field_prefixes_in_chinese_and_english(index, query):
    assert ids(index, query) == ["flood"]


def test_unit_and_tag_prefixes(index):
    assert ids(index, "单位:农业农村局") == ["harvest"]
    assert sorted(ids(index, "标签:防灾减灾")) == ["drill", "flood"]


def test_a_tag_matches_whole_among_a_case_s_tags_not_as_part_of_another(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    tagged = {"one": ("防灾",), "longer": ("防灾减灾",), "both": ("粮食安全", "防灾"), "none": ()}
    index.upsert([IndexRecord(id=i, title="案例", body="正文", tags=t, version="1") for i, t in tagged.items()])
    assert sorted(ids(index, "标签:防灾")) == ["both", "one"]
    assert ids(index, "标签:防灾减灾") == ["longer"]
    assert ids(index, "标签:减灾") == []
    assert sorted(index.matching_ids("", SearchFilters(tags_any=("防灾", "粮食安全")))) == ["both", "one"]
    index.close()


def test_date_ranges_in_the_query(index):
    assert sorted(ids(index, "日期:2023")) == ["flood", "harvest"]
    assert ids(index, "date:2024-05..2024-12") == ["drill"]


@pytest.mark.parametrize("text, bounds", [
    ("2024", (20240101, 20241231)), ("2024-02", (20240201, 20240229)),
    ("2023-06..2024-06", (20230601, 20240630)), ("2024-03-01..", (20240301, None)),
    ("..2020", (None, 20201231)), ("2024年5月", (20240501, 20240531)), ("abc", None),
])
def test_date_bounds(text, bounds):
    assert date_bounds(text) == bounds


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('台风"-:：OR 标题日期..()*?~\\年 a1'), max_size=30))
def test_a_malformed_query_never_raises(index, text):
    index.search(text)


def test_filters_and_facets_cover_the_whole_result(index):
    result = index.search("", SearchFilters(units=("某省气象局",)))
    assert result.total == 2
    assert result.facets["year"] == {"2022": 1, "2024": 1}
    assert result.facets["tags"] == {"党建引领": 1, "重大活动保障": 1}
    tagged = index.search("", SearchFilters(tags_all=("防灾减灾", "台风")))
    assert [h.id for h in tagged.hits] == ["flood"]
    assert index.search("", SearchFilters(years=("2023",))).total == 2
    dated = index.search("", SearchFilters(date_from=dt.date(2024, 1, 1)))
    assert {h.id for h in dated.hits} == {"party", "drill"}


def test_sorting_by_date(index):
    assert ids(index, "", SearchFilters()) == ["drill", "party", "flood", "harvest", "games"]


def test_snippets_keep_the_case_script_and_mark_matches(index):
    [hit] = index.search("渔船").hits
    assert "<b>漁船</b>" in hit.snippet_html
    assert hit.title_html == "颱風防禦中<b>漁船</b>回港避風"


def test_snippets_escape_html_and_take_the_best_passage():
    text = "无关的内容。" * 40 + "<script>叫应</script>机制" + "其他。" * 40
    html = snippet(text, ["叫应"])
    assert "<b>叫应</b>" in html and "&lt;script&gt;" in html and "<script>" not in html
    assert html.startswith("…") and html.endswith("…")


def test_offsets_point_into_the_original_text():
    text = "㈠颱風ＡＢＣ來了"
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in FoldingTokenizer("words")(text, positions=True, chars=True)]
    for term, _, start, end in tokens:
        assert term in fold(text[start:end]).text
    assert [pos for _, pos, _, _ in tokens] == list(range(len(tokens)))


def test_the_samples_are_found_by_words_from_both_scripts(tmp_path, samples):
    index = SearchIndex.create(tmp_path / "samples")
    index.upsert(IndexRecord(p.stem, p.stem, p.read_text(encoding="utf-8"), version="1")
                 for p in samples.glob("*.txt"))
    assert ids(index, "三动") == ["web-copy-traditional"]
    assert ids(index, "急难愁盼") == ["report-simplified"]
    assert set(ids(index, "防灾减灾")) == {"web-copy-traditional", "report-simplified"}
    assert "<b>氣象</b>" in index.search("气象 三动").hits[0].snippet_html
    # Typed without spaces, in either script: every word is found, wherever it stands.
    for query in ["党建业务融合", "黨建業務融合", "气象科技现代化", "联学共建党支部"]:
        assert ids(index, query) == ["web-copy-traditional"], query
    assert ids(index, "办实事群众") == ["report-simplified"]
    index.close()


def test_a_leftover_writer_lock_never_blocks(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.close()
    (tmp_path / "ix" / "MAIN_WRITELOCK").write_text("crashed")
    reopened = SearchIndex.open(tmp_path / "ix")
    reopened.upsert(CASES[:1])
    assert reopened.search("台风").total == 1
    reopened.close()


def test_a_missing_or_damaged_index_asks_for_a_rebuild(tmp_path):
    with pytest.raises(IndexNeedsRebuild):
        SearchIndex.open(tmp_path / "nothing")
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.close()
    for segment in (tmp_path / "ix").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexNeedsRebuild):
        SearchIndex.open(tmp_path / "ix")


def test_a_cancelled_rebuild_keeps_the_previous_index(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.rebuild(iter(CASES[:1]), 1, is_cancelled=lambda: True)
    assert index.search("").total == len(CASES)
    index.rebuild(iter(CASES[:2]), 2)
    assert index.search("").total == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ix"]
    index.close()


def test_versions_follow_upserts_and_deletes(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES[:2])
    index.upsert([IndexRecord("flood", "新标题", "正文", version="2")])
    index.delete(["party"])
    assert index.versions() == {"flood": "2"}
    index.close()


def test_parse_gives_needles_for_highlighting():
    assert parse('台风 "叫应 机制" -演练 标签:防汛').needles == ["台风", "叫应机制"]


def test_a_replaced_or_deleted_case_is_found_once_or_not_at_all(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.search("台风")  # positions and frequencies now cached for the first segment
    index.upsert([IndexRecord("flood", "颱風過後漁港復產", "漁民有序出海。", version="2")])
    result = index.search("台风")
    assert [h.id for h in result.hits].count("flood") == 1
    assert result.total == 2 and result.facets["year"] == {"2023": 1}
    index.delete(["flood"])
    assert [h.id for h in index.search("台风").hits] == ["harvest"]
    index.close()


def test_a_query_word_matches_its_pieces_in_sequence_not_scattered(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert([
        IndexRecord("whole", "冬奥会保障", "北京冬奥会期间的保障工作。", version="1"),
        IndexRecord("scattered", "奥会与冬奥", "冬奥场馆建设，另有奥会字样。", version="1"),
    ])
    assert ids(index, "冬奥会") == ["whole"]
    assert sorted(ids(index, "冬奥")) == ["scattered", "whole"]
    index.close()


def test_whole_word_matches_rank_above_pieces_of_words(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert([
        IndexRecord("piece", "工作总结", "市局召开预报员会议，部署汛期工作。", version="1"),
        IndexRecord("word", "工作总结", "市局召开会议，改进预报，部署汛期工作。", version="1"),
    ])
    # 预报员 is one word for jieba: the first case holds 预报 only as a piece of it.
    assert ids(index, "预报") == ["word", "piece"]
    index.close()


def test_characters_outside_the_basic_block_and_mapped_into_other_planes(tmp_path):
    # 㑮 (Extension A) folds to 𫝈 (Extension C, another plane): lengths hold, offsets too.
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert([IndexRecord("rare", "生僻字㑮的案例", "人名用字𠮷与㑮均可检索。", version="1")])
    assert ids(index, "𠮷") == ["rare"]
    assert ids(index, "㑮") == ["rare"]
    assert ids(index, "𫝈") == ["rare"]
    [hit] = index.search("𫝈").hits
    assert hit.title_html == "生僻字<b>㑮</b>的案例"
    index.close()
    assert fold("㑮").text == "𫝈" and fold("颱風").origin == range(2)


def test_snippets_are_about_a_hundred_characters_and_titles_without_a_match_are_escaped(index):
    long_body = "前言部分介绍背景情况。" * 30 + "这里讲到叫应机制。" + "后续安排与保障措施。" * 30
    html = snippet(long_body, ["叫应"])
    visible = html.replace("<b>", "").replace("</b>", "").strip("…")
    assert 80 <= len(visible) <= 120 and "<b>叫应</b>" in html
    [hit] = index.search("农户").hits
    assert hit.title_html == "夏收气象服务"
    from search.highlight import highlight_whole
    assert highlight_whole("A&B <评论>", ["叫应"]) == "A&amp;B &lt;评论&gt;"


def test_facets_count_the_whole_result_not_the_page(index):
    result = index.search("", limit=1)
    assert len(result.hits) == 1 and result.total == len(CASES)
    assert sum(result.facets["year"].values()) == len(CASES)
    assert result.facets["unit"]["某省气象局"] == 2
    assert index.search("", SearchFilters(tags_any=("台风", "党建引领"))).total == 2
    assert index.search("", limit=2, offset=4).hits[0].id == "games"


def test_an_index_rebuilt_in_two_processes_searches_like_one_built_in_one(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._PARALLEL_FROM", 2)
    progress: list[tuple[int, int]] = []
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(CASES), len(CASES), progress=lambda done, total: progress.append((done, total)))
    assert progress[-1] == (len(CASES), len(CASES))
    assert ids(index, "三动") == ["party"] and ids(index, '"应急演练"') == ["drill"]
    assert index.versions() == {case.id: "1" for case in CASES}
    index.close()


def test_a_damaged_index_can_be_created_again_where_it_was(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.close()
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(IndexNeedsRebuild):
        SearchIndex.open(tmp_path / "ix")
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES[:1])
    assert ids(index, "颱風") == ["flood"]
    index.close()
    (tmp_path / "ix" / "analysis-version").write_text("0")
    with pytest.raises(IndexNeedsRebuild, match="旧版"):
        SearchIndex.open(tmp_path / "ix")


def test_a_unit_written_in_both_scripts_is_one_facet_and_one_filter(tmp_path):
    index = SearchIndex.create(tmp_path / "index")
    index.upsert([IndexRecord("a", "甲", "台风防御。", unit="某市氣象局", version="1"),
                  IndexRecord("b", "乙", "台风防御。", unit="某市气象局", version="1"),
                  IndexRecord("c", "丙", "台风防御。", unit="某市气象局", version="1")])
    try:
        assert index.search("").facets["unit"] == {"某市气象局": 3}
        found = index.search("", SearchFilters(units=("某市氣象局",)))
        assert sorted(hit.id for hit in found.hits) == ["a", "b", "c"]
    finally:
        index.close()


@pytest.fixture(scope="module")
def unspaced(tmp_path_factory):
    index = SearchIndex.create(tmp_path_factory.mktemp("unspaced"))
    index.upsert([
        IndexRecord("apart", "工作总结", "推动党建与业务深度融合，成效明显。", version="1"),
        IndexRecord("together", "工作总结", "年内，党建业务融合工作全面铺开。", version="1"),
        IndexRecord("title", "党建业务融合的做法", "各支部按计划推进，成效明显。", version="1"),
        IndexRecord("two-of-three", "工作总结", "党建和业务都有进展。", version="1"),
        IndexRecord("quoted", "叫应机制", "建立预警“叫应”机制，明确责任人；百米，级别不一。", version="1"),
    ])
    yield index
    index.close()


def test_an_unspaced_run_matches_its_words_anywhere_and_whole_runs_first(unspaced):
    assert ids(unspaced, "党建业务融合") == ["title", "together", "apart"]
    assert ids(unspaced, "黨建業務融合") == ["title", "together", "apart"]


def test_a_quoted_run_stays_an_exact_phrase(unspaced):
    assert sorted(ids(unspaced, '"党建业务融合"')) == ["title", "together"]


def test_a_run_of_single_characters_is_searched_as_typed(unspaced):
    # 百米级 segments as 百米 + 级: not cut up, so 百米 and 级别 apart do not match it.
    assert ids(unspaced, "百米级") == []
    assert parse("百米级").needles == ["百米级"]
    assert parse("联学共建党支部").needles == ["联学共建", "党支部"]  # 联学共建: a term of the user dictionary


def test_quotation_marks_and_enumeration_commas_do_not_break_a_phrase(unspaced, index):
    assert ids(unspaced, '"预警叫应机制"') == ["quoted"]
    assert ids(index, '"百米级分钟级"') == ["games"]
    assert ids(unspaced, '"机制明确"') == []  # a comma still ends the phrase


def test_each_word_of_an_unspaced_run_is_highlighted(unspaced):
    [hit] = [h for h in unspaced.search("党建业务融合").hits if h.id == "apart"]
    assert hit.snippet_html.count("<b>") == 3
    assert "<b>党建</b>与<b>业务</b>深度<b>融合</b>" in hit.snippet_html


def test_the_posting_cache_never_holds_more_than_its_budget():
    cache = PostingCache(budget=100)
    for number in range(50):
        cache.get(("segment", number), lambda: list(range(30)))
        assert cache.size <= 100
    assert cache.get(("segment", 49), lambda: pytest.fail("the newest entry was dropped")) == list(range(30))
    reloaded = []
    cache.get(("segment", 0), lambda: reloaded.append(1) or [])
    assert reloaded, "the oldest entry should have been dropped"
    assert cache.get(("huge",), lambda: list(range(500))) == list(range(500))
    assert cache.size <= 100


def test_a_tiny_posting_cache_finds_the_same_cases(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index.PostingCache", lambda: PostingCache(budget=3))
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    assert ids(index, "台风") == ["flood", "harvest"]
    assert ids(index, "党建业务融合") == ["party"]
    index.delete(["flood"])
    assert ids(index, "台风") == ["harvest"]
    index.close()


def test_opening_warms_the_cache_in_the_background_and_results_stay_the_same(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    expected = {q: ids(index, q) for q in ["台风", "党建业务融合", '"应急演练"', "标签:党建引领"]}
    index.close()
    index = SearchIndex.open(tmp_path / "ix")
    index._warming.join(timeout=30)
    assert index._cache.size > 0
    assert {q: ids(index, q) for q in expected} == expected
    index.close()


def test_the_warm_up_rests_between_pieces_and_closing_ends_its_rest(tmp_path, monkeypatch):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.close()
    monkeypatch.setattr("search.index._WARM_UP_AFTER_SECONDS", 0.0)
    monkeypatch.setattr("search.index._WARM_UP_REST_SECONDS", 3600.0)
    index = SearchIndex.open(tmp_path / "ix")
    time.sleep(0.5)  # without a rest, this index's whole warm-up takes a few ms
    assert index._cache.size == 0
    closing = time.perf_counter()
    index.close()
    assert time.perf_counter() - closing < 5


def test_the_warm_up_makes_the_segmenter_last_and_never_beside_a_search(tmp_path, monkeypatch):
    """Each slice of the segmenter under the index's lock, as the other pieces: run beside a
    search, it made the search wait for Python's lock after every file read."""
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.close()
    opened: list[SearchIndex] = []
    slices: list[tuple[bool, bool]] = []

    def segmenter_in_steps():
        for _ in range(3):
            [index] = opened
            slices.append((index._lock._is_owned(), index._cache.size > 0))
            yield

    monkeypatch.setattr("search.word_table.segmenter_in_steps", segmenter_in_steps)
    monkeypatch.setattr("search.index._WARM_UP_AFTER_SECONDS", 0.0)
    opened.append(SearchIndex.open(tmp_path / "ix"))  # its pieces before, each after a rest
    opened[0]._warming.join(timeout=30)
    opened[0].close()
    assert slices == [(True, True)] * 3


def test_the_first_answer_leaves_what_lives_long_out_of_full_collections(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)
    index.close()
    gc.unfreeze()
    index = SearchIndex.open(tmp_path / "ix")
    assert gc.get_freeze_count() == 0
    ids(index, "台风")
    frozen = gc.get_freeze_count()
    assert frozen > 0
    ids(index, "党建业务融合")
    # Not equal: a frozen object may be freed since (a cache's entry replaced), lowering the count.
    assert gc.get_freeze_count() <= frozen, "a freeze per search would keep every search's cyclic garbage"
    index.close()


def test_columns_and_field_lengths_read_whole_equal_whoosh_s_own_per_document(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert(CASES)  # one segment; then a second with an empty body and a long one
    index.upsert([IndexRecord("empty", "无正文", "", version="1"),
                  IndexRecord("long", "长正文", "预警叫应。" * 3000, version="1")])
    readers = [leaf for leaf, _ in index._searcher.reader().leaf_readers()]
    assert len(readers) == 2
    for reader in readers:
        for field in ("title", "body", "body_bigrams", "meta", "unit_words"):
            expected = [reader.doc_field_length(d, field, 0) or 0 for d in range(reader.doc_count_all())]
            assert field_lengths(reader, field).tolist() == expected, field
    assert max(field_lengths(readers[1], "body_bigrams")) > 5_000  # beyond one byte: decoded
    for reader in readers:
        for field in ("unit", "year", "tag_column", "id"):
            codes = column_codes(reader, field)
            assert [codes.labels[c] for c in codes.codes] == list(reader.column_reader(field)), field
        assert column_numbers(reader, "day").tolist() == list(reader.column_reader("day"))
        for field in ("id", "version", "tag_column"):
            assert column_strings(reader, field) == list(reader.column_reader(field)), field
        stored = StoredFields(reader)
        documents = range(reader.doc_count_all())
        assert [stored[d] for d in documents] == [reader.stored_fields(d) for d in documents]
    assert column_codes(readers[1], "unit").labels == [""]  # neither new case names a unit
    index.close()


def test_posting_lists_read_whole_equal_whoosh_s_own_per_posting_for_every_writer(tmp_path, monkeypatch):
    # Fails loudly when a Whoosh upgrade changes its container: `posting_arrays` reads it directly,
    # and Whoosh's reader must still read the blocks of arrays (its merges do).
    monkeypatch.setattr("search.index._IDLE_MERGE_SECONDS", 3600.0)
    index = SearchIndex.create(tmp_path / "ix")
    many = [IndexRecord(f"case{n}", f"防汛预警第{n}号", "防汛预警，预警叫应。" * (1 + n % 3) + "值守" * (n % 3),
                        version="1") for n in range(300)]
    index.rebuild(iter(many), len(many))  # the rebuild's writer: one segment
    for n in range(3):  # a save's writer: a segment each, then Whoosh's writer merging them
        index.upsert([IndexRecord(f"saved{n}", f"保存的预警{n}", "防汛，叫应。" * (n + 1), version="1")],
                     merge=False)
    checked = sum(_checked_against_whoosh(leaf) for leaf, _ in index._searcher.reader().leaf_readers())
    index._merge_saved_segments()
    index.delete(["case7", "case200"])  # deleted documents come too: the live mask drops them
    readers = [leaf for leaf, _ in index._searcher.reader().leaf_readers()]
    assert len(readers) == 2
    checked += sum(map(_checked_against_whoosh, readers))
    assert checked > 300
    [rebuilt, _] = readers
    assert len(posting_arrays(rebuilt, "body", "防汛").docs) == 300
    wanted = np.array([4, 150, 152])  # 150 has no 值守: only the postings of the others come
    near = posting_arrays(rebuilt, "body_bigrams", "值守", near=wanted)
    whole = posting_arrays(rebuilt, "body_bigrams", "值守")
    assert near.docs.tolist() == [4, 152]
    assert near.weights.tolist() == whole.weights[np.isin(whole.docs, wanted)].tolist() == [1.0, 2.0]
    near_positions = np.repeat(near.docs, near.counts) << 22 | near.positions
    whole_positions = np.repeat(whole.docs, whole.counts) << 22 | whole.positions
    assert near_positions.tolist() == whole_positions[np.isin(whole_positions >> 22, wanted)].tolist()
    index.close()


def _checked_against_whoosh(reader) -> int:
    """How many terms of the segment's text fields `posting_arrays` and the matcher read as
    Whoosh's own per-posting reader does (asserted)."""
    segment = Segment(reader, 0, PostingCache())
    checked = 0
    for field in ("body", "body_bigrams", "title", "title_bigrams"):
        for raw in reader.lexicon(field):
            term = raw.decode("utf-8")
            docs, weights, _, _ = posting_arrays(reader, field, term)
            expected = list(reader.postings(field, term).items_as("frequency"))
            live = segment.live[docs]
            assert list(zip(docs[live].tolist(), weights[live].tolist(), strict=True)) == expected, (field, term)
            if reader.schema[field].format.supports("positions"):
                expected = [d << 22 | p for d, found in reader.postings(field, term).items_as("positions")
                            for p in found]
                positions = segment.positions(field, term)
                assert positions[np.isin(positions >> 22, segment.live.nonzero()[0])].tolist() == expected
            checked += 1
    return checked


def test_a_run_standing_whole_is_found_even_where_its_pieces_alone_are_not(tmp_path):
    index = SearchIndex.create(tmp_path / "ix")
    index.upsert([IndexRecord("seventh", "第7号防汛案例", "正文。", version="1")])
    assert ids(index, "第7号防汛案例") == ["seventh"]
    index.close()


@pytest.mark.parametrize("suffix", [".pst", "_stored.col", ".seg"])
def test_a_probe_reads_enough_to_find_a_truncated_file(tmp_path, suffix):
    """A rebuild writes a file per column and the postings; a save its segment in one file."""
    index = SearchIndex.create(tmp_path / "ix")
    titles = [f"防汛案例{number}" for number in range(30)]
    records = [IndexRecord(f"c{n}", title, f"叫应机制第{n}条。" * 200, version="1") for n, title in enumerate(titles)]
    if suffix == ".seg":
        index.upsert(records)
    else:
        index.rebuild(iter(records), len(records))
    index.probe(titles)
    index.close()
    damaged = [file for file in (tmp_path / "ix").iterdir() if file.name.endswith(suffix)]
    assert damaged
    for file in damaged:
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 3])
    with pytest.raises(Exception):  # noqa: B017  (Whoosh raises many types for damaged files)
        index = SearchIndex.open(tmp_path / "ix")
        try:
            index.probe(titles[:3])
        finally:
            index.close()


def test_an_and_takes_a_common_word_s_postings_of_its_rarest_part_s_cases_and_scores_as_whole_lists_do(
        tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._WARM_UP_AFTER_SECONDS", 3600.0)  # nothing decoded ahead
    many = [IndexRecord(f"case{n}", f"防汛第{n}号", "防汛预警。" + ("稀有词出现。" if n in (6, 290) else "")
                        + "叫应机制" * (n % 3), version="1") for n in range(300)]
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(many), len(many))
    [segment] = index._matcher.segments
    narrowed = index.search('稀有词 防汛 -"叫应机制"')
    assert [h.id for h in narrowed.hits] == ["case6"] and narrowed.total == 1  # case290 excluded
    # Only the rare word's cases of the common word's list were kept, not the whole list.
    assert index._cache.peek((segment.id, "f", "body", "防汛")) is None
    segment.frequencies("body", "防汛")
    segment.frequencies("body_bigrams", "叫应")  # whole lists kept now: the next search uses them
    again = index.search('稀有词 防汛 -"叫应机制"')
    assert [(h.id, h.score, h.snippet_html) for h in again.hits] == \
        [(h.id, h.score, h.snippet_html) for h in narrowed.hits]
    index.close()


def test_words_lifted_when_standing_close_are_decoded_once_for_matching_and_ranking(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._WARM_UP_AFTER_SECONDS", 3600.0)  # nothing decoded ahead
    many = [IndexRecord(f"case{n}", f"第{n}号", "防汛预警。" + "其他内容。" * (n % 4) + "应急值守。", version="1")
            for n in range(300)]
    index = SearchIndex.create(tmp_path / "ix")
    index.rebuild(iter(many), len(many))
    decoded: list[tuple[str, str]] = []
    original = matching.posting_arrays
    monkeypatch.setattr(matching, "posting_arrays", lambda reader, field, term, *a, **k:
                        decoded.append((field, term)) or original(reader, field, term, *a, **k))
    found = index.search("防汛 值守")
    assert found.total == 300
    # The ranking reads the body words' positions: kept from the matching's decode, not read again.
    assert ("body", "防汛") in decoded and ("body", "值守") in decoded
    assert len(decoded) == len(set(decoded)), decoded
    index.close()


def test_a_search_looks_each_term_up_once_in_the_term_table(tmp_path, monkeypatch):
    monkeypatch.setattr("search.index._WARM_UP_AFTER_SECONDS", 3600.0)
    index = SearchIndex.create(tmp_path / "ix")
    records = [IndexRecord(f"case{n}", f"第{n}号", "防汛预警，应急值守。" * (1 + n % 2), version="1")
               for n in range(200)]
    index.rebuild(iter(records), len(records))
    looked_up: list[tuple[str, bytes]] = []
    for name in ("term_info", "doc_frequency", "frequency", "__contains__"):
        original = getattr(W3TermsReader, name)
        monkeypatch.setattr(W3TermsReader, name, lambda self, *key, _original=original:
                            looked_up.append(key if len(key) == 2 else key[0]) or _original(self, *key))
    assert index.search("防汛 值守").total == 200
    assert ("body", "防汛".encode()) in looked_up
    # Its document frequency, its idf and its postings come from one entry of the term table.
    assert len(looked_up) == len(set(looked_up)), looked_up
    index.close()


class _SegmentOfDays:
    def __init__(self, offset: int, days: np.ndarray) -> None:
        self.offset, self._days = offset, days

    def days(self) -> np.ndarray:
        return self._days


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.booleans()), min_size=1, max_size=60),
       st.integers(0, 70), st.booleans(), st.integers(1, 3))
def test_the_best_matches_are_those_of_a_sort_of_every_match(rows, count, by_date, segments):
    # Few distinct scores and days: ties everywhere, which the partial sort must keep in order.
    scores = np.array([float(score) for score, _, _ in rows])
    days = np.array([day for _, day, _ in rows])
    mask = np.array([matched for _, _, matched in rows])
    cuts = np.linspace(0, len(rows), segments + 1).astype(int)
    found = [(_SegmentOfDays(int(a), days[a:b]), matching.Found(mask[a:b], scores[a:b]))
             for a, b in zip(cuts, cuts[1:], strict=False)]
    docnums = np.flatnonzero(mask)
    keys = (docnums, -scores[mask], -days[mask]) if by_date else (docnums, -days[mask], -scores[mask])
    expected = [int(docnums[i]) for i in np.lexsort(keys)[:count]]
    assert [m.docnum for m in matching._best(found, count, by_date)] == expected


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, (1 << 22) - 1)), max_size=80))
def test_the_documents_of_sorted_positions_are_those_np_unique_counts(occurrences):
    positions = np.sort(np.array([d << 22 | p for d, p in occurrences], np.int64))
    docs, counts = matching._documents_of(positions)
    expected_docs, expected_counts = np.unique(positions >> 22, return_counts=True)
    assert docs.tolist() == expected_docs.tolist() and counts.tolist() == expected_counts.tolist()


def test_a_closed_index_refuses_searches_with_its_own_error(tmp_path):
    index = SearchIndex.create(tmp_path / "index")
    index.upsert(CASES[:1])
    index.close()
    for read in (lambda: index.search("颱風"), lambda: index.matching_ids("颱風"), lambda: index.probe(["颱風"])):
        with pytest.raises(IndexClosed, match="已关闭"):
            read()
