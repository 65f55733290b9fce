"""Title, date, unit, source and author from the text; taxonomy groups and keywords suggested."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.importers import load_default_keywords, read_document
from archive.importers.metadata import extract, parse_date
from archive.importers.tagging import keywords, suggest_tags, vocabulary_for
from archive.model import Tag


@pytest.mark.parametrize("text, expected", [
    ("2024年10月16日", dt.date(2024, 10, 16)), ("2024-10-16", dt.date(2024, 10, 16)),
    ("2024.10.16", dt.date(2024, 10, 16)), ("2024/10/16 09:29", dt.date(2024, 10, 16)),
    ("二〇二四年十月十六日", dt.date(2024, 10, 16)), ("二〇二四年十二月三十一日", dt.date(2024, 12, 31)),
    ("二〇二三年二月三十日", None), ("没有日期", None),
])
def test_dates_in_every_office_form(text, expected):
    assert parse_date(text) == expected


def test_labelled_lines_fill_unit_source_and_author_and_leave_the_body():
    meta = extract(["夏收气象服务经验", "张三 李四", "二〇二四年六月十日", "", "今年夏收期间，气象部门提前发布麦收窗口期预报。",
                    "报送单位：某省气象局", "稿件来源：中国气象报"], fallback_title="x")
    assert (meta.title, meta.date, meta.unit, meta.source, meta.author) == (
        "夏收气象服务经验", dt.date(2024, 6, 10), "某省气象局", "中国气象报", "张三 李四")
    assert meta.body_lines == ["今年夏收期间，气象部门提前发布麦收窗口期预报。"]


def test_a_short_heading_under_the_title_is_not_an_author():
    meta = extract(["夏收气象服务经验", "工作背景", "今年夏收期间，气象部门提前发布麦收窗口期预报。"], fallback_title="x")
    assert meta.author == "" and meta.body_lines[0] == "工作背景"


def test_a_web_byline_is_split_into_its_fields():
    meta = extract(["冬奥保障纪实", "发布时间：2022-02-20 10:00  来源：中国气象局  作者：王婉", "正文第一段。"],
                   fallback_title="x")
    assert (meta.date, meta.source, meta.unit, meta.author) == (dt.date(2022, 2, 20), "中国气象局", "中国气象局", "王婉")
    assert meta.body_lines == ["正文第一段。"]


def test_the_title_falls_back_to_the_file_name_when_the_text_has_none(write):
    document = read_document(write("汛期总结.txt", "今年汛期，县气象局提前发布暴雨预警，防汛工作有序。".encode()))
    assert document.title == "汛期总结"


DEFAULT = load_default_keywords()


@pytest.mark.parametrize("text, tags", [
    ("县气象局做好防汛工作，及时发布暴雨预警。", ["防汛", "防灾减灾"]),
    ("夏收期间气象服务保障麦收，小麦颗粒归仓。", ["夏收夏种", "粮食安全"]),
    ("全运会和冬奥测试赛期间的气象保障。", ["体育赛事", "重大活动保障"]),
    ("开幕式、闭幕式等重大活动期间的气象保障。", ["重大活动保障"]),  # no leaf tag fits: the group
])
def test_the_most_specific_tags_are_suggested_with_their_group(text, tags):
    assert suggest_tags(text, DEFAULT) == tags


def test_traditional_texts_get_suggestions_too():
    assert suggest_tags("縣氣象局做好防汛工作，及時發布暴雨預警。", DEFAULT) == ["防汛", "防灾减灾"]


def test_one_passing_mention_does_not_tag():
    text = "县气象局做好防汛工作，及时发布暴雨预警，全力保障粮食生产。" * 3
    assert suggest_tags(text, DEFAULT) == ["防汛", "防灾减灾"]


def test_a_forest_fire_case_gets_its_leaf_tag_and_a_typhoon_case_its_own():
    assert suggest_tags("进入森林防火紧要期，县气象局每日发布森林火险等级预报。", DEFAULT)[0] == "森林防火"
    assert suggest_tags("台风登陆前，沿海渔船全部回港避风。", DEFAULT) == ["台风", "防灾减灾"]


def test_suggestions_follow_the_archives_current_taxonomy():
    text = "进入森林防火紧要期，县气象局每日发布森林火险等级预报，严防野外用火。"
    renamed = vocabulary_for([Tag("防灾减灾", "#d9534f"), Tag("护林防火", "#d9534f", parent="防灾减灾")])
    assert "森林防火" not in suggest_tags(text, renamed)  # renamed by the user: never comes back
    moved = vocabulary_for([Tag("林业", "#27ae60"), Tag("森林防火", "#27ae60", parent="林业")])
    assert suggest_tags(text, moved) == ["森林防火", "林业"]  # the group as the archive has it


def test_default_keywords_come_from_the_shipped_taxonomy():
    assert {"防灾减灾", "粮食安全", "重大活动保障"} <= DEFAULT.keywords.keys()
    assert "预警" in DEFAULT.keywords["防灾减灾"]
    assert "森林火险" in DEFAULT.keywords["森林防火"] and DEFAULT.parents["森林防火"] == "防灾减灾"


def test_tag_keywords_none_means_the_default_and_empty_means_none(write):
    path = write("a.txt", "防汛工作\n\n县气象局做好防汛工作，及时发布暴雨预警。".encode())
    assert read_document(path).suggested_tags == ["防汛", "防灾减灾"]
    assert read_document(path, {}).suggested_tags == []


def test_keywords_keep_the_texts_script():
    found = keywords("縣氣象局做好防汛工作，及時發布暴雨預警。氣象預警信息直達基層，防汛責任人及時叫應。")
    assert "叫應" in found and "预警信息" not in found and "叫应" not in found
