"""The rebuild's fast paths of analysis give exactly the terms of the paths that queries and
highlighting use: on the demo cases in both scripts, the import corpus's plain texts, the samples
and odd text."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import jieba
import opencc

from archive.importers.encoding import decode_text
from search.analysis import (
    TERMS,
    bigram_terms,
    bigrams,
    fold,
    segmenter,
    user_dictionary_path,
    word_terms,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
"""Beside the clone where the project keeps it; a clone elsewhere has the rest of the texts."""
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ODD = ["", " ", "a", "中", "中 a", "“叫应”机制、ab·c 1.5亿", "ﬁ ㈠ x_y", "第7号", "颱風 A-B c++",
       "《中华人民共和国防洪法》第二十二条", "2024年6月30日18时", "COVID-19疫情防控", "党建业务融合"]


@functools.cache
def folded_texts() -> list[str]:
    demo = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    texts = [text for case in demo for text in (case["title"], case["body"], case["unit"])]
    texts += [opencc.OpenCC("s2t").convert(text) for text in texts]
    texts += [decode_text(path.read_bytes(), path.name) for path in sorted(CORPUS.glob("*/*"))
              if path.suffix in (".txt", ".md")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    return [fold(text).text for text in texts + ODD]


def test_the_rebuild_s_terms_are_the_terms_with_offsets_less_the_offsets():
    for text in folded_texts():
        assert list(zip(*bigram_terms(text), strict=True)) == [(t, p) for t, p, _, _ in bigrams(text)], text
        assert list(zip(*word_terms(text), strict=True)) == [(t, p) for t, p, _, _ in TERMS["words"](text)], text


def test_the_segmenter_cuts_as_jieba_s_own_tokenizer():
    reference = jieba.Tokenizer()
    with user_dictionary_path().open("rb") as dictionary:
        reference.load_userdict(dictionary)
    cut = 0
    for text in folded_texts():
        assert list(segmenter().cut(text, HMM=False)) == list(reference.cut(text, HMM=False)), text
        cut += len(text)
    assert cut > 30_000


def test_jieba_s_cache_is_kept_in_the_folder_given_for_this_process_and_its_spawned_helpers(tmp_path):
    # A fresh interpreter: this one's segmenter is loaded already. Its helper is spawned, as the
    # index's are: it inherits no module state, only the environment.
    code = """
import multiprocessing, sys
from pathlib import Path
from search import analysis

def load():
    analysis.segmenter()

if __name__ == "__main__":
    analysis.keep_jieba_cache_in(Path(sys.argv[1]))
    helper = multiprocessing.get_context("spawn").Process(target=load)
    helper.start()
    helper.join()
    sys.exit(helper.exitcode)
"""
    script = tmp_path / "load_in_helper.py"
    script.write_text(code, encoding="utf-8")
    folder = tmp_path / "cache" / "jieba"
    subprocess.run([sys.executable, str(script), str(folder)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert [p.suffix for p in folder.iterdir()] == [".cache"]
