"""The two real user documents in ../shared/samples come out clean, with the right metadata."""

from __future__ import annotations

import datetime as dt

from archive.importers import read_document

FURNITURE = ("投稿郵箱", "qizhixmt", "站內搜索", "旗幟網", "基層組織建設", "文字縮放", "編輯", "送簽", "簽發",
             "稿件來源", "无码", "字幕", "|")


def test_the_traditional_web_copy_comes_out_clean(samples, keywords):
    document = read_document(samples / "web-copy-traditional.txt", keywords)
    assert document.title == "以“聯”促“動” 以“動”增“效”——氣象部門鞏固拓展“三聯促三動”工作機制紀實"
    assert document.date == dt.date(2024, 10, 16)
    assert document.source == "中國氣象報"  # kept in the case's own script
    assert document.author == "王婉"
    for furniture in FURNITURE:
        assert furniture not in document.body, furniture
    assert document.body.startswith("“堅持以黨建為引領")
    assert "\n\n……\n\n" in document.body  # the elision between quotations is the article's
    assert document.body.rstrip().endswith("為氣象改革發展注入新動能。")
    assert "\n\n聯學凝聚思想，激發自覺擔當使命\n\n".replace("，", ",") in document.body
    assert "联学共建" in document.suggested_tags and document.suggested_tags[-1] == "党建引领"
    assert "黨建" in document.keywords  # keywords in the text's own script


def test_the_simplified_report_loses_its_click_bait_intro(samples, keywords):
    document = read_document(samples / "report-simplified.txt", keywords)
    assert document.title == "为群众办实事实践活动卓有成效"
    assert document.body.startswith("自党史学习教育开展以来,中国气象局党组认真贯彻落实党中央决策部署")
    assert "我们一起去了解" not in document.body and "下面我们就来说一说" not in document.body
    assert "卓有成效(办实事求实效解难题惠民生)" not in document.body
    assert document.body.count("为群众办实事实践活动卓有成效") == 0
    assert "\n\n坚持问题导向 上下联动抓落实\n\n" in document.body
    assert document.date is None and document.author == ""
    assert "为民服务" in document.suggested_tags
