"""Site furniture never reaches the case body, in either script; rules are data in resources/."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from archive.fingerprint import to_simplified
from archive.importers import read_document
from archive.importers.cleanup import clean_lines

ARTICLE = ["今年汛期，县气象局建立暴雨预警叫应机制，责任人第一时间接到预警，提前转移群众三百余人。",
           "一、提前研判。气象台每日两次会商，滚动更新降水预报。",
           "二、直达基层。预警信息通过短信、大喇叭直达村组，确保防汛措施落实到位。"]

FURNITURE = [
    "投稿邮箱：news@example.cn",
    "站内搜索：",
    "全站搜索",
    "首页 > 新闻中心 > 基层动态",
    "当前位置：首页 > 工作动态",
    "文字缩放：",
    "字号：大 中 小",
    "【字号 大 中 小】",
    "【打印】【关闭】",
    "打印本页",
    "分享到：",
    "（责任编辑：李明）",
    "编辑：王春春 送签：王春春 签发：钟鸣",
    "版权所有：某县气象局",
    "Copyright © 2024 某县气象局",
    "京ICP备12345678号-1",
    "京公网安备 11010802000000号",
    "上一篇：夏收气象服务",
    "浏览次数：1024",
]
SPAM = "秋季养生小常识| 周末去哪儿玩| 手机壳定制批发| 二手车估价| 本地招聘信息| 装修效果图大全| 婚纱照价格"
RELATED = ["相关阅读：", "县气象局开展汛前检查", "全省防汛工作会议召开"]


def _page_lines(script: str) -> list[str]:
    lines = ["县气象局汛期叫应机制见实效", "", *FURNITURE[:8], "", *ARTICLE, "", *FURNITURE[8:],
             "", *RELATED, "", SPAM]
    if script == "traditional":
        import opencc

        converter = opencc.OpenCC("s2t")
        lines = [converter.convert(line) for line in lines]
    return lines


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_furniture_related_lists_and_link_lists_are_removed(script):
    kept = [line for line in clean_lines(_page_lines(script)) if line]
    assert [to_simplified(line) for line in kept] == ["县气象局汛期叫应机制见实效", *ARTICLE]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_an_imported_web_copy_is_clean_in_either_script(write, script):
    text = "\n".join(_page_lines(script))
    document = read_document(write(f"{script}.txt", text.encode("utf-8")))
    assert to_simplified(document.title) == "县气象局汛期叫应机制见实效"
    assert to_simplified(document.body) == "\n\n".join(ARTICLE) + "\n"


def test_a_link_list_is_found_by_its_shape_not_its_words():
    navigation = "首页 | 新闻 | 政务公开 | 办事服务 | 互动交流 | 专题专栏"
    sentence = "表格里写着：甲 | 乙，说明两者并列，这是正文的一部分，不应删除。"
    assert clean_lines([navigation, sentence]) == [sentence]


def test_a_saved_page_keeps_only_the_article(write):
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE * 2)
    page = f"""<html><head><title>县气象局汛期叫应机制见实效_某县人民政府</title></head><body>
    <div class="top">投稿邮箱：news@example.cn　站内搜索</div>
    <div class="crumb">当前位置：首页 &gt; 工作动态</div>
    <div class="article"><h1>县气象局汛期叫应机制见实效</h1>
    <div class="tools">【字号 大 中 小】【打印】【关闭】</div>
    {paragraphs}
    <p>（责任编辑：李明）</p></div>
    <div class="related"><h3>相关阅读</h3><ul><li><a href="/a">县气象局开展汛前检查</a></li>
    <li><a href="/b">全省防汛工作会议召开</a></li></ul></div>
    <div class="footer">版权所有：某县气象局　京ICP备12345678号</div></body></html>"""
    document = read_document(write("叫应.htm", page.encode("utf-8")))
    assert document.title == "县气象局汛期叫应机制见实效"
    assert document.body.startswith(ARTICLE[0])
    for furniture in ("投稿", "站内搜索", "当前位置", "字号", "打印", "责任编辑", "相关阅读", "汛前检查", "版权", "ICP"):
        assert furniture not in document.body, furniture


def test_the_rules_are_data_a_maintainer_can_extend():
    rules = json.loads(resources.files("resources").joinpath("cleanup_rules.json").read_text("utf-8"))
    assert {"drop_lines", "related_list_headings", "drop_paragraphs", "link_list"} <= rules.keys()
