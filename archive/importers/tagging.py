"""Tag suggestions: the taxonomy groups a text speaks to, and a few keywords of its own."""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Mapping, Sequence

from archive.fingerprint import to_simplified
from search.analysis import is_cjk, segmenter

MIN_MENTIONS = 2
"""A group is suggested when its keywords occur this often: one passing mention does not tag."""
CHARACTERS_PER_MENTION = 400
"""Longer texts need more mentions: a long report touches many topics in passing."""
MIN_DISTINCT = 2
"""…and at least this many different keywords of the group: one word repeated is not a topic."""
SHARE_OF_BEST = 0.4
MAX_GROUPS = 3
KEYWORD_COUNT = 5


def suggest_groups(text: str, tag_keywords: Mapping[str, Sequence[str]]) -> list[str]:
    """Groups whose keywords the text uses, most mentioned first."""
    simplified = to_simplified(text)
    needed = max(MIN_MENTIONS, len(simplified) // CHARACTERS_PER_MENTION)
    scored = []
    for group, keywords in tag_keywords.items():
        counts = [simplified.count(k) for k in keywords]
        mentions = sum(counts)
        if mentions >= needed and sum(1 for c in counts if c) >= MIN_DISTINCT:
            scored.append((mentions, group))
    scored.sort(key=lambda item: -item[0])
    return [group for mentions, group in scored[:MAX_GROUPS]
            if mentions >= SHARE_OF_BEST * scored[0][0]]


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
