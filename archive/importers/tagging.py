"""Tag suggestions: the most specific taxonomy tags a text speaks to, and a few keywords of its own."""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from archive.fingerprint import to_simplified
from archive.model import Tag
from archive.resources import read_json
from search.analysis import is_cjk, segmenter

MIN_MENTIONS = 2
"""A tag is suggested when its keywords occur this often: one passing mention does not tag."""
CHARACTERS_PER_MENTION = 400
"""Longer texts need more mentions: a long report touches many topics in passing."""
MIN_DISTINCT = 2
"""…and at least this many different keywords of the tag: one word repeated is not a topic."""
SHARE_OF_BEST = 0.4
MAX_TAGS = 3
KEYWORD_COUNT = 5


@dataclass(frozen=True)
class TagVocabulary:
    """What suggestions are made from: each tag's keywords, and the group each leaf tag is under.

    Plain dicts, so a vocabulary crosses to reader processes as it is."""

    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)

    @classmethod
    def flat(cls, tag_keywords: Mapping[str, Sequence[str]]) -> TagVocabulary:
        """Tags without a hierarchy, e.g. groups only."""
        return cls({name: tuple(words) for name, words in tag_keywords.items()})


@functools.cache
def _shipped_keywords() -> dict[str, tuple[str, ...]]:
    """Tag name → keywords, for groups and leaf tags, from `resources/taxonomy.json`."""
    found: dict[str, tuple[str, ...]] = {}
    for group in read_json("taxonomy.json")["groups"]:
        found[group["name"]] = tuple(group.get("keywords", ()))
        for tag in group.get("tags", ()):
            found[tag["name"]] = tuple(tag.get("keywords", ()))
    return found


def default_vocabulary() -> TagVocabulary:
    """The taxonomy shipped with the program, as a new archive starts with it."""
    groups = read_json("taxonomy.json")["groups"]
    parents = {tag["name"]: group["name"] for group in groups for tag in group.get("tags", ())}
    names = [group["name"] for group in groups] + list(parents)
    return TagVocabulary({name: _with_name(name) for name in names}, parents)


def vocabulary_for(tags: Iterable[Tag]) -> TagVocabulary:
    """The vocabulary of an archive's current taxonomy: only tags that exist now are suggested
    (a renamed, merged or deleted tag does not come back), each known by its own name and by the
    keywords the shipped taxonomy gives that name."""
    tags = list(tags)
    return TagVocabulary({tag.name: _with_name(tag.name) for tag in tags},
                         {tag.name: tag.parent for tag in tags if tag.parent})


def _with_name(name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((to_simplified(name), *_shipped_keywords().get(name, ()))))


def suggest_tags(text: str, vocabulary: TagVocabulary) -> list[str]:
    """The most specific tags the text supports, best first, each followed by its group."""
    simplified = to_simplified(text)
    needed = max(MIN_MENTIONS, len(simplified) // CHARACTERS_PER_MENTION)
    scored: list[tuple[int, str]] = []
    for name, words in vocabulary.keywords.items():
        found = _matcher(words).findall(simplified) if words else []
        # The tag's own name (联学共建) says more than any one keyword: it counts as two.
        distinct = len(set(found)) + (to_simplified(name) in found)
        if len(found) >= needed and distinct >= MIN_DISTINCT:
            scored.append((len(found), name))
    scored.sort(key=lambda item: -item[0])
    supported = {name for _, name in scored}
    # A group whose leaf tags are supported is implied by them, not chosen on its own.
    implied = {vocabulary.parents[name] for name in supported if name in vocabulary.parents}
    chosen = [(mentions, name) for mentions, name in scored if name not in implied]
    best = chosen[0][0] if chosen else 0
    picked = [name for mentions, name in chosen[:MAX_TAGS] if mentions >= SHARE_OF_BEST * best]
    groups = [vocabulary.parents[name] for name in picked if name in vocabulary.parents]
    return list(dict.fromkeys([*picked, *groups]))


@functools.lru_cache(maxsize=1024)
def _matcher(words: tuple[str, ...]) -> re.Pattern:
    """Longest keyword first, so 党支部 counts once and not again as 支部."""
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


def keywords(text: str, count: int = KEYWORD_COUNT) -> list[str]:
    """The text's most characteristic words (jieba TF-IDF), in the text's own script."""
    simplified = to_simplified(text)
    found = [word for word in extractor().extract_tags(simplified, topK=count * 2)
             if len(word) > 1 and any(is_cjk(char) for char in word)][:count]
    if len(simplified) != len(text):  # OpenCC changed a length: positions no longer line up
        return found
    # Segmentation and IDF work on simplified text; give each word back as the text writes it.
    return [text[start:start + len(word)] if (start := simplified.find(word)) >= 0 else word
            for word in found]


def keywords_ready() -> bool:
    """Whether `keywords` answers at once: the extractor's tables take a second or two to load."""
    return extractor.cache_info().currsize > 0


@functools.cache
def extractor():
    """jieba's TF-IDF extractor; loading its dictionary takes a second, so it is made once."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with warnings.catch_warnings():
        # jieba.analyse reads its IDF table without closing the file.
        warnings.simplefilter("ignore", ResourceWarning)
        import jieba.analyse

        tfidf = jieba.analyse.TFIDF()
    # Cut with the field's user dictionary, so that terms like 叫应 come out whole.
    tfidf.tokenizer = segmenter()
    return tfidf
