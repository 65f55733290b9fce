"""Title, date, unit, source and author from the head and foot of a cleaned text.

The lines the metadata came from leave the body; everything else keeps the case's own script.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from archive.importers.cleanup import folded_line

_HEAD_LINES = 8
_TITLE_MAX = 60
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
)
_LABELLED = re.compile(
    r"^[\(（\[【]?\s*(报送单位|供稿单位|来源单位|稿件来源|信息来源|文章来源|来源|作者|撰稿|文|记者|通讯员)"
    r"\s*[:：/／]\s*(.+?)\s*[\)）\]】]?$")
_UNIT_LABELS = {"报送单位", "供稿单位", "来源单位"}
_SOURCE_LABELS = {"稿件来源", "信息来源", "文章来源", "来源"}
_AUTHOR_LABELS = {"作者", "撰稿", "文", "记者", "通讯员"}
# Labels a byline strings together on one line; those not kept (编辑, 浏览) just leave with the line.
_BYLINE_FIELD = re.compile(
    r"(报送单位|供稿单位|来源单位|稿件来源|信息来源|文章来源|来源|作者|撰稿|记者|通讯员|发布时间|发布日期|时间|日期"
    r"|责任编辑|编辑|浏览次数|浏览|点击)\s*[:：]\s*(\S*)")
_UNIT_ENDINGS = re.compile(r"(局|厅|委|办|院|中心|站|队|所|部|处|科|政府|委员会|公司|协会)$")
_NAME_LINE = re.compile(r"^[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4}){0,3}$")
# Common surnames (simplified): a short line under the title is an author's name only if it starts
# with one, so a short heading such as 工作背景 is not taken for a name.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由")
_DATE_LINE_REST = re.compile(r"^[\s\d:：年月日时分\-/.〇○零一二三四五六七八九十]*$")


@dataclass
class Metadata:
    title: str = ""
    date: dt.date | None = None
    unit: str = ""
    source: str = ""
    author: str = ""
    body_lines: list[str] = field(default_factory=list)


def extract(lines: list[str], fallback_title: str) -> Metadata:
    """Metadata from cleaned `lines`; `body_lines` are the lines that remain for the body."""
    meta = Metadata()
    lines = list(lines)
    _take_labelled(lines, meta)
    _take_title(lines, meta)
    _take_head_details(lines, meta)
    if meta.date is None:
        _take_closing_date(lines, meta)
    if not meta.unit and _UNIT_ENDINGS.search(meta.source):
        meta.unit = meta.source
    meta.title = meta.title or fallback_title
    while lines and not lines[0]:
        lines.pop(0)
    meta.body_lines = lines
    return meta


def parse_date(text: str) -> dt.date | None:
    """The first date written in `text` in any of the forms office documents use."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        try:
            year, month, day = (_number(part) for part in match.groups())
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    # 十, 十六, 二十, 二十一
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _take_labelled(lines: list[str], meta: Metadata) -> None:
    for index in reversed(range(len(lines))):
        match = _LABELLED.match(folded_line(lines[index]))
        if not match or len(lines[index]) > 50:
            continue
        label = match.group(1)
        # Read the value from the original line so it keeps its script.
        value = re.split(r"[:：/／]", lines[index], maxsplit=1)[-1].strip(" )）]】")
        if label in _UNIT_LABELS:
            meta.unit = meta.unit or value
        elif label in _SOURCE_LABELS:
            meta.source = meta.source or value
        else:
            meta.author = meta.author or value
        del lines[index]


def _take_title(lines: list[str], meta: Metadata) -> None:
    heading = [i for i, line in enumerate(lines[:_HEAD_LINES]) if line]
    for index in heading:
        candidate = lines[index].lstrip("#").strip()
        if len(candidate) > _TITLE_MAX or _SENTENCE_END.search(candidate):
            return
        if parse_date(candidate) and _is_date_line(candidate):
            continue
        meta.title = _TRAILING_NOTE.sub("", candidate) or candidate
        del lines[index]
        # Pages often repeat the title, with or without a subtitle in brackets.
        for later in reversed(range(index, min(len(lines), index + _HEAD_LINES))):
            if lines[later] and _TRAILING_NOTE.sub("", lines[later].lstrip("#").strip()) == meta.title:
                del lines[later]
        return


def _take_head_details(lines: list[str], meta: Metadata) -> None:
    for index in reversed(range(min(len(lines), _HEAD_LINES))):
        line = lines[index]
        if not line:
            continue
        if _take_byline(line, meta):
            del lines[index]
        elif meta.date is None and parse_date(line) and _is_date_line(line):
            meta.date = parse_date(line)
            del lines[index]
        elif _is_unit_line(line) and meta.unit in {"", line}:
            meta.unit = line
            del lines[index]
        elif not meta.author and index < 4 and _NAME_LINE.match(line) and _is_name(line):
            meta.author = line
            del lines[index]


def _take_closing_date(lines: list[str], meta: Metadata) -> None:
    tail = [i for i in range(len(lines)) if lines[i]][-3:]
    for index in reversed(tail):
        if parse_date(lines[index]) and _is_date_line(lines[index]):
            meta.date = parse_date(lines[index])
            del lines[index]
            return


def _take_byline(line: str, meta: Metadata) -> bool:
    """A web page's byline ("2024-09-06 10:00  来源：某省气象局  作者：王婉") fills the metadata it
    names; True when the line held nothing else and can leave the body."""
    folded = folded_line(line)
    fields = list(_BYLINE_FIELD.finditer(folded))
    if not fields:
        return False
    rest = _BYLINE_FIELD.sub("", folded)
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    if not _DATE_LINE_REST.match(rest):
        return False
    original = line.strip() if len(line.strip()) == len(folded) else folded
    date = parse_date(folded)
    meta.date = meta.date or date
    for field_match in fields:
        label, value = field_match.group(1), original[field_match.start(2):field_match.end(2)]
        if label in _UNIT_LABELS:
            meta.unit = meta.unit or value
        elif label in _SOURCE_LABELS:
            meta.source = meta.source or value
        elif label in _AUTHOR_LABELS:
            meta.author = meta.author or value
    return True


def _is_unit_line(line: str) -> bool:
    """A line under the title that only names an office (某市气象局), not a sentence about one."""
    return len(line) <= 30 and not re.search(r"[\s，,。：:；;！？!?]", line) and bool(
        _UNIT_ENDINGS.search(folded_line(line)))


def _is_name(line: str) -> bool:
    """Every name on the line starts with a common surname (checked in simplified script)."""
    return all(name[0] in _SURNAMES for name in re.split(r"[\s、,，]+", folded_line(line)) if name)


def _is_date_line(line: str) -> bool:
    """The line is a date (and maybe a time), not a sentence that mentions one."""
    for pattern in _DATE_PATTERNS:
        line = pattern.sub("", line)
    return bool(_DATE_LINE_REST.match(line))
