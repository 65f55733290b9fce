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
_FIELD_LINE_MAX = 90
_SENTENCE_END = re.compile(r"[。！？!?；;]$")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[)）]\s*$")
# Markdown a Word or web title arrives wrapped in: "# ", "**…**".
_EMPHASIS = re.compile(r"^[#>\s]*(?:\*\*|__|\*|_)?\s*(.*?)\s*(?:\*\*|__|\*|_)?\s*$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"),
    # Month precision (2023年7月): dated to the month's first day.
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)"),
)
_UNIT_LABELS = {"报送单位", "供稿单位", "来源单位", "单位", "供稿", "报送"}
_SOURCE_LABELS = {"稿件来源", "信息来源", "文章来源", "来源", "出处"}
_AUTHOR_LABELS = {"作者", "撰稿", "撰稿人", "文", "记者", "通讯员"}
_DATE_LABELS = {"发布时间", "发布日期", "时间", "日期", "发文日期", "成文日期"}
# Labels a byline strings together on one line; those not kept (编辑, 浏览) just leave with the line.
_BYLINE_FIELD = re.compile(
    r"(?<![\u4e00-\u9fff])(报送单位|供稿单位|来源单位|稿件来源|信息来源|文章来源|来源|出处|单位|供稿|报送|作者|撰稿人?|文"
    r"|记者|通讯员|发布时间|发布日期|发文日期|成文日期|时间|日期|责任编辑|编辑|浏览次数|访问量|阅读次数|阅读量|阅读|浏览|点击数?|字号)"
    r"\s*[:：/／]\s*(\S*)")
# Furniture an info bar carries besides its fields: 字号 controls, print and close links.
_BAR_FURNITURE = re.compile(r"[【\[]?\s*字号\s*[:：]?\s*(?:[大中小]\s*)+[】\]]?|(?:【\s*[大中小]\s*】)+"
                            r"|[【\[]\s*(?:打印本页|打印|关闭窗口|关闭|收藏|纠错)\s*[】\]]")
# A credit in brackets at the foot: （供稿：某县气象局）, （某县气象局供稿）.
_CREDIT = re.compile(r"^[（(]?\s*(?:(?:供稿|供稿单位|报送单位)\s*[:：]\s*(?P<labelled>[^（）()\s]+)"
                     r"|(?P<named>[^（）()：:]+?)\s*供稿)\s*[)）]?$")
# "通讯员 赵强", "本报记者 王婉 李明": a byline without a colon.
_SPACED_AUTHOR = re.compile(r"^(?:本报|本台|本网)?(?:记者|通讯员|作者|撰稿)\s+(?P<names>[\u4e00-\u9fff·]{2,4}"
                            r"(?:[\s、,，]+[\u4e00-\u9fff·]{2,4})*)$")
# More names after an author's: "作者：王婉 李明".
_MORE_NAMES = re.compile(r"[\s、,，]+[\u4e00-\u9fff·]{2,4}(?=[\s、,，]|$)")
# What a source field says when it names nothing: the page's own site.
_NO_SOURCE = {"本站", "本网", "本网站", "原创"}
_UNIT_ENDINGS = re.compile(r"(局|厅|委|办|院|中心|站|队|所|部|处|科|台|政府|委员会|公司|协会|办公室)$")
# 文号 (某气发〔2023〕12号) and a 简报's 第N期: headers above the title, not part of the case.
# Brackets an info bar puts around each field: 【来源：…】【时间：…】.
_BRACKETS = str.maketrans("【】", "  ")
_DOCUMENT_NUMBER = re.compile(r"^\S{0,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号$")
_ISSUE_NUMBER = re.compile(r"^[(（]?\s*第\s*[\d〇一二三四五六七八九十百]+\s*期\s*[)）]?$")
_BULLETIN = re.compile(r"^\S{2,16}(简报|快报|专报|动态|信息|通讯|要情|周报|月报)$")
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
_DATE_LINE_REST = re.compile(r"^[\s\d:：年月日时分\-/.〇○零一二三四五六七八九十星期周天上下午]*$")


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
    masthead_office = _take_masthead(lines, meta)
    _take_field_lines(lines, meta)
    _take_head_details(lines, meta, _take_title(lines, meta))
    _take_closing(lines, meta)
    # Who did the work, in the order of how explicitly it is said: a field, the 落款 or the line
    # under the title, the office that issued the 简报, the 来源 when it names an office.
    meta.unit = meta.unit or masthead_office
    if not meta.unit and _UNIT_ENDINGS.search(folded_line(meta.source)):
        meta.unit = meta.source
    meta.title = meta.title or fallback_title
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    meta.body_lines = lines
    return meta


def parse_date(text: str) -> dt.date | None:
    """The first date written in `text` in any of the forms office documents use; a month alone
    (2023年7月) stands for its first day."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        try:
            year, month, day = (_number(part) for part in (*match.groups(), "1")[:3])
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def dates_in(text: str) -> set[dt.date]:
    """Every full date written in `text`."""
    found = set()
    for pattern in _DATE_PATTERNS[:3]:
        for match in pattern.finditer(text):
            try:
                found.add(dt.date(*(_number(part) for part in match.groups())))
            except ValueError:
                continue
    return found


def is_byline(line: str) -> bool:
    """Whether the line is made only of labelled fields and dates (a page's info bar)."""
    return _take_byline(line, Metadata())


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


def bare(line: str) -> str:
    """The line without the Markdown a heading or bold text arrives in (**来源：**某县气象局)."""
    return _EMPHASIS.match(line).group(1).replace("**", "").replace("__", "")


def _take_masthead(lines: list[str], meta: Metadata) -> str:
    """A 文号 or a red-header 简报 (name, 第N期, issuing office and date) above the title leaves the
    body: the 简报 is the source, its date the case's. Returns the issuing office."""
    head = [i for i, line in enumerate(lines) if line][:5]
    office = ""
    if not any(_ISSUE_NUMBER.match(folded_line(bare(lines[i]))) for i in head[:4]):
        for index in reversed(head[:3]):
            if _DOCUMENT_NUMBER.match(folded_line(bare(lines[index]))):
                del lines[index]
        return office
    for index in reversed(head):
        line = bare(lines[index])
        folded = folded_line(line)
        if _ISSUE_NUMBER.match(folded) or _DOCUMENT_NUMBER.match(folded):
            del lines[index]
        elif (found := _unit_and_date(line)) is not None:
            office, meta.date = found[0], meta.date or found[1]
            del lines[index]
        elif _BULLETIN.match(folded) and index == head[0]:
            meta.source = meta.source or line
            del lines[index]
    return office


def _take_field_lines(lines: list[str], meta: Metadata) -> None:
    """Lines made only of labelled fields (来源：…　日期：…), and credits such as （供稿：某县气象局）."""
    for index in reversed(range(len(lines))):
        line = bare(lines[index])
        if not line or len(line) > _FIELD_LINE_MAX:
            continue
        folded = folded_line(line)
        credit = _CREDIT.match(folded)
        spaced = _SPACED_AUTHOR.match(folded)
        if credit and (credit["labelled"] or _is_unit_line(credit["named"].strip())):
            group = "labelled" if credit["labelled"] else "named"
            meta.unit = meta.unit or _original(line, credit.start(group), credit.end(group))
            del lines[index]
        elif spaced:
            meta.author = meta.author or _original(line, spaced.start("names"), spaced.end("names"))
            del lines[index]
        elif line[:1] in "(（" and line[-1:] in ")）" and (signed := _unit_and_names(line[1:-1].strip())):
            meta.unit, meta.author = meta.unit or signed[0], meta.author or signed[1]  # （某县气象局 王婉）
            del lines[index]
        elif _take_byline(line, meta):
            del lines[index]


def _take_title(lines: list[str], meta: Metadata) -> int:
    """The title from the first lines; returns where the head (the lines under it) starts. A table
    or a picture before the title is passed over and stays in the body."""
    after_blocks = _after_tables_and_pictures(lines)
    heading = [i for i, line in enumerate(lines[:after_blocks + _HEAD_LINES]) if line and i >= after_blocks]
    for index in heading:
        candidate = bare(lines[index])
        if len(candidate) > _TITLE_MAX or _SENTENCE_END.search(candidate):
            return after_blocks  # the text starts with a sentence: the file name is the title
        if parse_date(candidate) and _is_date_line(candidate):
            continue
        candidate = _TRAILING_NOTE.sub("", candidate) or candidate
        # "某市气象局：精准预报护航夏粮抢收": the unit that wrote it, then the title.
        unit, colon, rest = candidate.partition("：") if "：" in candidate else candidate.partition(":")
        if colon and len(rest.strip()) >= 4 and _is_unit_line(unit.strip()):
            meta.unit = meta.unit or unit.strip()
            candidate = rest.strip()
        meta.title = candidate
        del lines[index]
        following = next((i for i in range(index, len(lines)) if lines[i]), None)
        if following is not None and bare(lines[following]).startswith("——") and (
                len(bare(lines[following])) <= _TITLE_MAX // 2):
            meta.title += bare(lines[following])  # the subtitle: 标题——某县气象局汛期服务纪实
            del lines[following]
        # Pages often repeat the title, with or without a subtitle in brackets.
        for later in reversed(range(index, min(len(lines), index + _HEAD_LINES))):
            if lines[later] and _TRAILING_NOTE.sub("", bare(lines[later])) == meta.title:
                del lines[later]
        return after_blocks
    return after_blocks


def _after_tables_and_pictures(lines: list[str]) -> int:
    """The index of the first line after the tables and pictures a document may open with."""
    index = 0
    while index < len(lines) and (not lines[index] or lines[index].lstrip().startswith(("|", "!["))):
        index += 1
    return index if index < len(lines) else 0


def _take_head_details(lines: list[str], meta: Metadata, start: int) -> None:
    for index in reversed(range(start, min(len(lines), start + _HEAD_LINES))):
        line = bare(lines[index])
        if not line:
            continue
        if meta.date is None and parse_date(line) and _is_date_line(line):
            meta.date = parse_date(line)
            del lines[index]
        elif _is_unit_line(line) and meta.unit in {"", line}:
            meta.unit = line
            del lines[index]
        elif (signed := _unit_and_names(line)) and not meta.author and meta.unit in {"", signed[0]}:
            meta.unit, meta.author = signed
            del lines[index]
        elif not meta.author and index - start < 4 and _NAME_LINE.match(line) and _is_name(line):
            meta.author = line
            del lines[index]


def _take_closing(lines: list[str], meta: Metadata) -> None:
    """The 落款 at the foot — the unit's line, then the date's, or both on one line — leaves the
    body for the case's unit and date; a date alone at the foot dates an undated case."""
    tail = [i for i in range(len(lines)) if lines[i]][-2:]
    if not tail:
        return
    last = bare(lines[tail[-1]])
    if (found := _unit_and_date(last)) is not None:
        meta.unit, meta.date = meta.unit or found[0], meta.date or found[1]
        del lines[tail[-1]]
    elif _is_date_line(last) and (date := parse_date(last)):
        signed = len(tail) == 2 and _is_unit_line(bare(lines[tail[0]]))
        if not signed and meta.date not in {None, date}:
            return
        meta.date = meta.date or date
        del lines[tail[-1]]
        if signed:
            meta.unit = meta.unit or bare(lines[tail[0]])
            del lines[tail[0]]
    elif _is_unit_line(last) and meta.unit in {"", last} and len(tail) == 2:
        meta.unit = last
        del lines[tail[-1]]


def _unit_and_date(line: str) -> tuple[str, dt.date] | None:
    """"某省气象局办公室　　2023年7月21日": an office and a date on one line."""
    parts = re.split(r"\s{1,}", line.strip(), maxsplit=1)
    if len(parts) == 2 and _is_unit_line(parts[0]) and _is_date_line(parts[1]):
        date = parse_date(parts[1])
        return (parts[0], date) if date else None
    return None


def _unit_and_names(line: str) -> tuple[str, str] | None:
    """"某县气象局 王婉": the unit, then who wrote it."""
    unit, _, names = line.partition(" ") if " " in line else line.partition("\u3000")
    names = names.strip()
    if _is_unit_line(unit) and names and _NAME_LINE.match(names) and _is_name(names):
        return unit, names
    return None


def _original(line: str, start: int, end: int) -> str:
    """A span of the folded line, read from the line as written (its own script) when the two
    line up."""
    written = line.strip()
    return (written if len(written) == len(folded_line(line)) else folded_line(line))[start:end].strip()


def _take_byline(line: str, meta: Metadata) -> bool:
    """A line of labelled fields ("2024-09-06 10:00　来源：某省气象局　作者：王婉　字号：大 中 小")
    fills the metadata it names; True when the line held nothing else and can leave the body."""
    folded = _BAR_FURNITURE.sub(lambda m: " " * len(m.group()), folded_line(line)).translate(_BRACKETS)
    if folded[:1] in "(（" and folded[-1:] in ")）":  # (来源：中国气象报)
        folded = f" {folded[1:-1]} "
    fields = list(_BYLINE_FIELD.finditer(folded))
    if not fields:
        return False
    rest = list(folded)
    values = {}
    for field_match in fields:
        label, end = field_match.group(1), field_match.end()
        while label in _AUTHOR_LABELS and (more := _MORE_NAMES.match(folded, end)):
            end = more.end()
        rest[field_match.start():end] = " " * (end - field_match.start())
        value = _original(line, field_match.start(2), end)
        if label in {"单位", "报送"} and not _UNIT_ENDINGS.search(field_match.group(2)):
            return False  # 单位：万元 heads a table; it names no office
        if value and value not in _NO_SOURCE:
            values.setdefault(label, value)
    rest = "".join(rest)
    for pattern in _DATE_PATTERNS:
        rest = pattern.sub("", rest)
    if not _DATE_LINE_REST.match(rest):
        return False
    for label, value in values.items():
        if label in _UNIT_LABELS:
            meta.unit = meta.unit or value
        elif label in _SOURCE_LABELS:
            meta.source = meta.source or value
        elif label in _AUTHOR_LABELS:
            meta.author = meta.author or value
    meta.date = meta.date or parse_date(folded)
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
