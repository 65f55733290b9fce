"""Realistic generated cases for benchmarks: written sentences and templates, recombined."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
import uuid
from collections.abc import Iterator

import jieba
import opencc

from search.records import IndexRecord

UNITS = ["某省气象局", "某市气象局", "某县气象局", "某市应急管理局", "某县农业农村局", "某区应急管理局",
         "某省水利厅", "某市农业农村局", "某省自然资源厅", "某县人民政府办公室"]
TOPICS = {
    "防灾减灾": ["防汛", "暴雨", "预警", "山洪", "地质灾害", "台风", "转移群众", "应急响应", "汛期", "防御"],
    "粮食安全": ["粮食", "小麦", "水稻", "玉米", "墒情", "播种", "病虫害", "农机", "丰收", "夏粮"],
    "重大活动保障": ["重大活动", "运动会", "峰会", "开幕式", "赛事", "现场服务", "值守", "保障方案"],
    "科技创新": ["科技", "研发", "人工智能", "大数据", "预报模式", "平台建设", "技术攻关", "成果"],
    "党建引领": ["党建", "党支部", "党员", "主题教育", "支部共建", "先锋", "组织生活", "廉政"],
    "为民服务": ["群众", "民生", "便民", "社区", "满意度", "服务窗口", "乡村", "信息发布"],
}
OPENERS = ["今年以来，", "近年来，", "为深入贯彻落实上级部署，", "面对复杂形势，", "按照工作要求，"]
VERBS = ["扎实推进", "持续加强", "不断完善", "统筹做好", "积极探索", "全面提升", "认真组织"]
OBJECTS = ["工作机制", "服务能力", "制度建设", "部门协作", "基层落实", "队伍建设", "监测体系"]
RESULTS = ["取得明显成效", "得到群众好评", "为全局工作提供了有力支撑", "形成了可复制的经验",
           "有效防范了风险", "实现了预期目标"]
HEADINGS = ["一、主要做法", "二、取得成效", "三、经验启示"]


@functools.cache
def vocabulary() -> tuple[tuple[str, ...], list[int], tuple[str, ...], list[int]]:
    """Nouns and verbs of jieba's dictionary with cumulative frequencies: a Zipfian vocabulary."""
    nouns, noun_weights, verbs, verb_weights = [], [], [], []
    with open(jieba.get_dict_file().name, encoding="utf-8") as dictionary:
        for line in dictionary:
            word, frequency, tag = line.split()
            if len(word) < 2 or int(frequency) < 50:
                continue
            if tag in ("n", "vn", "nz"):
                nouns.append(word)
                noun_weights.append(int(frequency))
            elif tag == "v":
                verbs.append(word)
                verb_weights.append(int(frequency))
    return (tuple(nouns), list(itertools.accumulate(noun_weights)), tuple(verbs),
            list(itertools.accumulate(verb_weights)))


def sentence(rng: random.Random, words: list[str]) -> str:
    nouns, noun_weights, verbs, verb_weights = vocabulary()
    noun = rng.choices(nouns, cum_weights=noun_weights, k=4)
    verb = rng.choices(verbs, cum_weights=verb_weights, k=2)
    if rng.random() < 0.7:
        return f"{noun[0]}{verb[0]}{noun[1]}，{rng.choice(words)}{noun[2]}{verb[1]}{noun[3]}。"
    return (f"{rng.choice(OPENERS)}{rng.choice(UNITS)}围绕{rng.choice(words)}{noun[0]}，"
            f"{verb[0]}{noun[1]}和{noun[2]}，{rng.choice(VERBS)}{noun[3]}{rng.choice(OBJECTS)}，"
            f"{verb[1]}{rng.choice(RESULTS)}。")


def generate(count: int, seed: int = 7, traditional_share: float = 0.2) -> list[IndexRecord]:
    return list(generated(count, seed, traditional_share))


def generated(count: int, seed: int = 7, traditional_share: float = 0.2) -> Iterator[IndexRecord]:
    """`generate`'s records one by one, so that a large corpus streams instead of filling memory."""
    rng = random.Random(seed)
    to_traditional = opencc.OpenCC("s2t")
    start = dt.date(2015, 1, 1)
    for number in range(count):
        group = rng.choice(list(TOPICS))
        words = TOPICS[group] + rng.choice(list(TOPICS.values()))
        paragraphs = []
        for heading in HEADINGS:
            paragraphs.append(f"## {heading}")
            paragraphs.extend(" ".join(sentence(rng, words) for _ in range(3)) for _ in range(2))
        body = "\n\n".join(paragraphs)
        title = f"{rng.choice(UNITS)}{rng.choice(words)}{rng.choice(OBJECTS)}经验做法（{number}）"
        if rng.random() < traditional_share:
            title, body = to_traditional.convert(title), to_traditional.convert(body)
        yield IndexRecord(
            id=str(uuid.UUID(int=rng.getrandbits(128))), title=title, body=body,
            unit=rng.choice(UNITS), tags=(group,),
            date=start + dt.timedelta(days=rng.randrange(3650)), version="1")
