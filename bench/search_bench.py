"""Search relevance and speed, against Whoosh's default analyzer and SQLite FTS5, in one run.

    python -m bench.search_bench                 # relevance, then speed at 20,000 cases
    python -m bench.search_bench --cases 5000    # speed at another size
    python -m bench.search_bench --cases 5000 --build-only   # build, size and saves only
    python -m bench.search_bench --large         # also speed at 100,000 cases (an hour more)
    python -m bench.search_bench --keep DIR      # keep the built indexes in DIR, reuse them next time
    python -m bench.search_bench --saves-only DIR/speed-100000   # save -> searchable on a copy of a
                                                 # built index (no corpus, no rebuild), then cProfile
                                                 # with --profile FILE
    pip install -e '.[bench]'                    # tantivy, the fastest peer (else it is left out)

Relevance: the labelled queries of `bench/relevance/queries.json` over the project's demo cases
(`resources/demo/cases.json`) mixed with generated cases; recall@10 and MRR for each engine, per
set (the first labelled queries; unspaced runs; unspaced runs held out while developing).
Speed: queries drawn from the generated corpus (`bench.speed_queries`); ours and the fair peers of
`bench.search_peers` (SQLite FTS5 and tantivy over the project's own terms) each timed in fresh
processes: build, size, first search after open, first-run and warm p50/p95/worst for the page
and for the page with totals and facets, peak memory; ratios to the best peer.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import json
import logging
import multiprocessing
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser import MultifieldParser

from bench.corpus import generate
from bench.search_peers import analysed, build_fts5, build_tantivy, open_fts5, open_tantivy, tantivy_available
from bench.speed_queries import KINDS, draw
from search import word_table
from search.analysis import ANALYSIS_VERSION, fold
from search.index import SearchIndex
from search.query import parse
from search.records import IndexRecord, SearchFilters

log = logging.getLogger("search_bench")
ROOT = Path(__file__).resolve().parents[1]
QUERIES = json.loads((ROOT / "bench" / "relevance" / "queries.json").read_text(encoding="utf-8"))

PAGE = 20
"""The first page of results, as the window and the `search` subcommand ask for it."""
JUDGED_DEPTH = 10
"""Results kept of each ranking once the query's unjudged cases are taken out."""
SAVES = 25
"""Enough saves to include the merge of small segments that every 20th save does."""

Engine = Callable[[dict, int], list[str]]
"""engine(query, depth): the ids of the first `depth` results."""


def demo_records() -> list[IndexRecord]:
    cases = json.loads((ROOT / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    return [IndexRecord(id=str(uuid.uuid5(uuid.NAMESPACE_URL, c["title"])), title=c["title"],
                        body=c["body"], unit=c["unit"], tags=tuple(c["tags"]),
                        date=dt.date.fromisoformat(c["date"]), version="1") for c in cases]


def filters_of(spec: dict) -> SearchFilters:
    return SearchFilters(
        tags_any=tuple(spec.get("tags", ())), units=tuple(spec.get("units", ())),
        date_from=dt.date.fromisoformat(spec["from"]) if "from" in spec else None,
        date_to=dt.date.fromisoformat(spec["to"]) if "to" in spec else None)


# -- the engines ------------------------------------------------------------------------------

def ours(folder: Path, records: list[IndexRecord]) -> tuple[SearchIndex, Engine]:
    index = SearchIndex.create(folder)
    index.rebuild(iter(records), len(records))
    return index, lambda q, depth: [h.id for h in index.search(
        q["query"], filters_of(q.get("filters", {})), limit=depth).hits]


def whoosh_default(folder: Path, records: list[IndexRecord]) -> Engine:
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT, body=TEXT, unit=ID,
                    tags=KEYWORD(commas=True), day=NUMERIC(int, bits=32))
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(limitmb=256)
    for r in records:
        writer.add_document(id=r.id, title=r.title, body=r.body, unit=r.unit, tags=",".join(r.tags),
                            day=int(r.date.strftime("%Y%m%d")))
    writer.commit()
    searcher = ix.searcher()
    parser = MultifieldParser(["title", "body"], schema)

    def run(q: dict, depth: int) -> list[str]:
        spec = q.get("filters", {})
        parts = [wq.Or([wq.Term("tags", t) for t in spec.get("tags", [])])] if spec.get("tags") else []
        parts += [wq.Term("unit", u) for u in spec.get("units", [])]
        if "from" in spec:
            parts.append(wq.NumericRange("day", int(spec["from"].replace("-", "")),
                                         int(spec["to"].replace("-", ""))))
        restriction = wq.And(parts) if parts else None
        try:
            parsed = parser.parse(q["query"])
        except Exception:  # the default parser raises on some syntax: a miss for this baseline
            return []
        return [hit["id"] for hit in searcher.search(parsed, limit=depth, filter=restriction)]

    return run


def fts5(path: Path, records: list[IndexRecord], tokenizer: str) -> Engine:
    db = sqlite3.connect(path)
    db.execute(f"CREATE VIRTUAL TABLE cases USING fts5(id UNINDEXED, title, body, unit UNINDEXED,"
               f" tags UNINDEXED, day UNINDEXED, tokenize='{tokenizer}')")
    db.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
                   [(r.id, r.title, r.body, r.unit, ",".join(r.tags), r.date.isoformat())
                    for r in records])
    db.commit()

    def run(q: dict, depth: int) -> list[str]:
        terms = []
        for token in q["query"].replace("标题:", "title:").split():
            if token == "OR":
                terms.append("OR")
            elif token.startswith("title:"):
                terms.append(f'title:"{token[6:]}"')
            else:
                terms.append('"' + token.strip('"').replace('"', "") + '"')
        where, params = ["cases MATCH ?"], [" ".join(terms)]
        spec = q.get("filters", {})
        if spec.get("tags"):
            where.append("(" + " OR ".join("tags LIKE ?" for _ in spec["tags"]) + ")")
            params += [f"%{t}%" for t in spec["tags"]]
        if spec.get("units"):
            where.append(f"unit IN ({','.join('?' * len(spec['units']))})")
            params += spec["units"]
        if "from" in spec:
            where.append("day BETWEEN ? AND ?")
            params += [spec["from"], spec["to"]]
        try:
            rows = db.execute(f"SELECT id FROM cases WHERE {' AND '.join(where)} ORDER BY rank LIMIT {depth}",
                              params).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]

    return run


# -- measuring --------------------------------------------------------------------------------

def relevance(engine: Engine, title_to_id: dict[str, str],
              unjudged: list[set[str]]) -> list[tuple[float, float]]:
    """Recall@10 and reciprocal rank of each query; each ranking is condensed first (unjudged
    cases taken out)."""
    scores = []
    for q, skipped in zip(QUERIES, unjudged, strict=True):
        wanted = {title_to_id[t] for t in q["relevant"]}
        # Deep enough that the unjudged cases taken out never push a judged one off the list.
        found = [i for i in engine(q, JUDGED_DEPTH + len(skipped)) if i not in skipped]
        rank = next((n for n, i in enumerate(found, 1) if i in wanted), None)
        scores.append((len(wanted & set(found[:10])) / len(wanted), 1 / rank if rank else 0.0))
    return scores


def query_set(q: dict) -> str:
    """Which labelled set a query belongs to: the first labelled queries, or the unspaced runs
    (a quarter of them held out while the matcher was developed)."""
    if not q["kind"].startswith("unspaced"):
        return "labelled"
    return "unspaced, held out" if "held out" in q["kind"] else "unspaced"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def cpu_seconds() -> float:
    """CPU time of this process and its finished children: what a build costs, however busy the
    machine's other work keeps the cores."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function: Callable[[], object], repeat: int = 1) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def unjudged(generated: list[IndexRecord]) -> list[set[str]]:
    """Per query, the generated cases that contain its words: they may well be relevant but
    nobody labelled them, so they are left out of that query's ranking, for every engine alike.
    Generated cases without the words stay in and count as wrong when they rank."""
    texts = {r.id: _compact(f"{r.title}{r.body}{r.unit}{''.join(r.tags)}") for r in generated}
    unjudged = []
    for q in QUERIES:
        needles, test = parse(q["query"]).needles, any if " OR " in q["query"] else all
        unjudged.append({i for i, text in texts.items() if test(n in text for n in needles)})
    return unjudged


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text).text)


def relevance_table(work: Path, distractors: int) -> None:
    demo, generated = demo_records(), generate(distractors, seed=11)
    records, skipped = demo + generated, unjudged(generated)
    title_to_id = {r.title: r.id for r in demo}
    index, engine = ours(work / "ours", records)
    rows = [("Case Archive (jieba words + pairs, t2s)", relevance(engine, title_to_id, skipped))]
    misses = [(q["query"], rr) for q, (_, rr) in zip(QUERIES, rows[0][1], strict=True) if rr < 1]
    index.close()
    rows.append(("Whoosh default analyzer",
                 relevance(whoosh_default(work / "default", records), title_to_id, skipped)))
    for tokenizer in ("unicode61", "trigram"):
        rows.append((f"SQLite FTS5 {tokenizer}", relevance(
            fts5(work / f"{tokenizer}.db", records, tokenizer), title_to_id, skipped)))
    sets = [query_set(q) for q in QUERIES]
    names = list(dict.fromkeys(sets))
    print(f"\nRelevance: {len(QUERIES)} labelled queries over {len(demo)} project cases, among"
          f" {len(generated)} generated cases (those containing a query's words are left out of"
          f" that query's ranking: {statistics.mean(map(len, skipped)):.0f} a query on average)")
    print(f"{'engine':<40}" + "".join(f" {f'{n} ({sets.count(n)})':>30}" for n in names))
    print(f"{'':<40}" + f" {'recall@10':>19} {'MRR':>10}" * len(names))
    for name, scores in rows:
        cells = []
        for group in names:
            chosen = [s for s, g in zip(scores, sets, strict=True) if g == group]
            cells.append(f" {statistics.mean(r for r, _ in chosen):>19.3f}"
                         f" {statistics.mean(rr for _, rr in chosen):>10.3f}")
        print(f"{name:<40}" + "".join(cells))
    print("Case Archive, queries whose first relevant case is not first:",
          ", ".join(f"{q} (1/{1 / rr:.0f})" if rr else f"{q} (missed)" for q, rr in misses) or "none")


def speed_table(work: Path, count: int, build_only: bool = False) -> None:
    records = generate(count, seed=3)
    queries = draw(records)
    query_file = work / f"queries-{count}.json"
    query_file.write_text(json.dumps([q for _, q in queries], ensure_ascii=False), encoding="utf-8")
    built, cpu = _kept_builds(work, count)
    if built:
        log.info("reusing the indexes built before in %s (build times from their first build)", work)
    else:
        built, cpu = _build_all(work, count, records)
    engines = list(built)
    measures: list[tuple[str, dict[str, float], str]] = [
        ("build (rebuild from records)", {e: built[e][1] / 1000 for e in engines}, "s"),
        ("build, CPU time of all processes", cpu, "s"),
        ("index size on disk", {e: _size_mb(built[e][0]) for e in engines}, "MB"),
    ]
    if build_only:
        print(f"\nBuild at {count:,} cases (peers: the project's analysis on 2 processes, then their writer);"
              f" load average {_load()}")
        _print_measures(engines, measures)
        _print_saves(_saves(built["ours"][0]))
        return
    word_table.keep_in(work / "words")
    word_table.prepare()  # made once here, as a first search of the archive makes it, not in a timed process
    served = {}
    for engine, (path, _) in built.items():
        for mode in ("page", "full"):
            log.info("timing %s (%s) in a fresh process", engine, mode)
            served[engine, mode] = _serve_in_fresh_process(engine, path, mode, query_file)
    saves = _saves(built["ours"][0])
    totals = served["ours", "full"]["totals"]
    empty = sum(1 for t in totals if t == 0)
    print(f"\nSpeed at {count:,} cases, {len(queries)} queries drawn from the corpus"
          f" ({', '.join(f'{n} {k}' for k, n in KINDS.items())});"
          f" {empty} find nothing ({empty / len(totals):.0%})."
          f"\nEach engine in a fresh process per mode; 'page' = first {PAGE} ids with titles (ours adds"
          f" snippets and always counts totals and facets), 'full' = page + total + tag/year/unit counts."
          f"\nPeers get the project's own analysis (fold + jieba words + pairs); 2 cores shared with"
          f" other work, so figures are noisy: compare within the run.")
    for peer in built:
        if peer != "ours":
            differ = sum(1 for a, b in zip(totals, served[peer, "full"]["totals"], strict=True) if a != b)
            print(f"totals that differ from ours, {peer}: {differ} of {len(totals)}")
    for mode in ("page", "full"):
        run = {e: served[e, mode] for e in engines}
        measures += [
            (f"{mode}: open", {e: run[e]["open_ms"] for e in engines}, "ms"),
            (f"{mode}: first search after open", {e: run[e]["first_ms"][0] for e in engines}, "ms"),
        ]
        for label, key in (("first run", "first_ms"), ("warm", "warm_ms")):
            samples = {e: run[e][key][1:] if key == "first_ms" else run[e][key] for e in engines}
            for stat, function in (("p50", statistics.median), ("p95", p95), ("worst", max)):
                figures = {e: function(v) for e, v in samples.items()}
                measures.append((f"{mode}: {label} {stat}", figures, "ms"))
        measures.append((f"{mode}: peak memory (RSS)", {e: run[e]["peak_mb"] for e in engines}, "MB"))
    _print_measures(engines, measures)
    _print_saves(saves)


def _print_saves(saves: dict[str, list[float]]) -> None:
    for kind in ("save", "edit"):
        times = saves[kind]
        print(f"{f'{kind} to searchable, median of {SAVES}':<36}{statistics.median(times):>9.1f} ms")
        print(f"{f'{kind} to searchable, p95 of {SAVES}':<36}{p95(times):>9.1f} ms")
        print(f"{f'{kind} to searchable, worst of {SAVES}':<36}{max(times):>9.1f} ms")
    print(f"{'first save after the warm-up':<36}{saves['save'][0]:>9.1f} ms")
    print(f"{f'save, worst of the {SAVES - 1} after it':<36}{max(saves['save'][1:]):>9.1f} ms")
    if saves["merge lock"]:  # merges in the background (on the saving thread, none recorded)
        print(f"{'merges while saving':<36}{len(saves['merge lock']):>9}")
        print(f"{'lock held by a merge, worst':<36}{max(saves['merge lock']):>9.1f} ms")
    print(f"{'segments after the saves':<36}{saves['segments'][0]:>9}")


def _print_measures(engines: list[str], measures: list[tuple[str, dict[str, float], str]]) -> None:
    print(f"{'measure':<36}" + "".join(f"{e:>12}" for e in engines) + f"{'ours/best peer':>16}")
    for label, values, unit in measures:
        best = min(v for e, v in values.items() if e != "ours") if len(engines) > 1 else float("nan")
        print(f"{label:<36}" + "".join(f"{values[e]:>9.1f} {unit:<2}" for e in engines)
              + f"{values['ours'] / max(best, 1e-6):>15.1f}x")


def _build_all(work: Path, count: int, records: list[IndexRecord],
               ) -> tuple[dict[str, tuple[Path, float]], dict[str, float]]:
    """Each engine's index of `records`, with its build time (wall, ms) and CPU time of all its
    processes (s); noted in `work` for `--keep`."""
    built: dict[str, tuple[Path, float]] = {}
    folder = work / f"speed-{count}"
    cpu: dict[str, float] = {}
    log.info("building ours")
    index = SearchIndex.create(folder)
    start_cpu = cpu_seconds()
    [built["ours"]] = [(folder, t) for t in timed(lambda: index.rebuild(iter(records), len(records)))]
    cpu["ours"] = cpu_seconds() - start_cpu
    index.close()
    # Workers are forked from this process: their peak counts the records they share with it.
    log.info("ours built: peak memory of a worker %.0f MB, of this process (records included) %.0f MB;"
             " load average %s", _peak_rss_mb(resource.RUSAGE_CHILDREN), _peak_rss_mb(), _load())
    log.info("building the peers")
    start, start_cpu = time.perf_counter(), cpu_seconds()
    with multiprocessing.Pool(2) as pool:  # the peers analyse on both cores, as our rebuild does
        rows = pool.map(analysed_one, records, chunksize=200)
    analyse_ms, analyse_cpu = (time.perf_counter() - start) * 1000, cpu_seconds() - start_cpu
    start_cpu = cpu_seconds()
    [fts_ms] = timed(lambda: build_fts5(work / f"fts5-{count}.db", rows))
    built["fts5"] = (work / f"fts5-{count}.db", analyse_ms + fts_ms)
    cpu["fts5"] = analyse_cpu + cpu_seconds() - start_cpu
    if tantivy_available():
        start_cpu = cpu_seconds()
        [tantivy_ms] = timed(lambda: build_tantivy(work / f"tantivy-{count}", rows))
        built["tantivy"] = (work / f"tantivy-{count}", analyse_ms + tantivy_ms)
        cpu["tantivy"] = analyse_cpu + cpu_seconds() - start_cpu
    notes = {"analysis": ANALYSIS_VERSION, "cpu": cpu,
             "engines": {e: [str(p), ms] for e, (p, ms) in built.items()}}
    (work / f"built-{count}.json").write_text(json.dumps(notes), encoding="utf-8")
    return built, cpu


def _kept_builds(work: Path, count: int) -> tuple[dict[str, tuple[Path, float]], dict[str, float]]:
    """The indexes a `--keep` run built before at this size, if the analysis is still the same."""
    notes_file = work / f"built-{count}.json"
    if not notes_file.is_file():
        return {}, {}
    notes = json.loads(notes_file.read_text(encoding="utf-8"))
    engines = {e: (Path(path), ms) for e, (path, ms) in notes["engines"].items()}
    if notes["analysis"] != ANALYSIS_VERSION or not all(path.exists() for path, _ in engines.values()):
        log.info("the kept indexes are of another analysis or incomplete: built again")
        return {}, {}
    return engines, notes.get("cpu", {e: float("nan") for e in engines})


def analysed_one(record: IndexRecord) -> dict:
    return analysed([record])[0]


def _serve_in_fresh_process(engine: str, path: Path, mode: str, query_file: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.search_bench", "--serve", engine, str(path), mode,
                             str(query_file)], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.splitlines()[-1])


def serve(engine: str, path: Path, mode: str, query_file: Path) -> None:
    """In a fresh process: open, run each query once (first runs), then twice more (warm)."""
    queries = json.loads(query_file.read_text(encoding="utf-8"))
    full = mode == "full"
    # Every engine's queries are cut as the archive cuts them: from the word table in a cache folder.
    word_table.keep_in(query_file.parent / "words")
    start = time.perf_counter()
    if engine == "ours":
        index = SearchIndex.open(path)
        search = lambda q, full: index.search(q)  # noqa: E731  (always the page, totals and facets)
        total = lambda result: result.total  # noqa: E731
    else:
        word_table.prepare()  # what the queries are cut with: ours loads it while opening
        search = (open_fts5 if engine == "fts5" else open_tantivy)(path)
        total = lambda result: result[1] if full else -1  # noqa: E731
    open_ms = (time.perf_counter() - start) * 1000
    first_ms, totals = [], []
    for q in queries:
        begin = time.perf_counter()
        result = search(q, full)
        first_ms.append((time.perf_counter() - begin) * 1000)
        totals.append(total(result) if result else 0)
    warm_ms = [min(timed(lambda q=q: search(q, full), 2)) for q in queries]
    print(json.dumps({"open_ms": open_ms, "first_ms": first_ms, "warm_ms": warm_ms, "totals": totals,
                      "peak_mb": _peak_rss_mb()}))


def _peak_rss_mb(children: int | None = None) -> float:
    """This process's peak resident memory, or with `children` (RUSAGE_CHILDREN) the largest of
    its finished child processes'. Not getrusage for this process: on Linux its maximum is
    inherited from the parent that forked this process, whose corpus in memory would be counted."""
    if children is not None:
        return resource.getrusage(children).ru_maxrss / 1024
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def _load() -> str:
    return " ".join(f"{average:.1f}" for average in os.getloadavg())


def _saves(built: Path, profile: Path | None = None) -> dict[str, list[float]]:
    """`time_saves` in a fresh process, as in a program that has just opened the archive. Started
    with `-c`: the index's helper process (merges) imports what its work needs, not this bench, as
    it imports nothing of the program's tiny `main.py`."""
    code = ("import json, sys; from pathlib import Path; from bench.search_bench import time_saves;"
            " print(json.dumps(time_saves(Path(sys.argv[1]), Path(sys.argv[2]) if sys.argv[2:] else None)))")
    output = subprocess.run([sys.executable, "-c", code, str(built), *([str(profile)] if profile else [])],
                            check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.splitlines()[-1])


def time_saves(built: Path, profile: Path | None = None) -> dict[str, list[float]]:
    """Save to searchable, timed on a copy of the index (a kept one stays as built): new cases,
    then edits of cases the rebuild wrote (each deletes a document in a large segment); with
    `profile`, the saves' cProfile statistics are written there. Also how long each merge of the
    saves' segments held the index's lock (what a search or save arriving then waits at most),
    and the segments left."""
    folder = built.with_name(f"{built.name}-saves")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(built, folder)
    held = _MergeLocks()
    logging.getLogger("search.index").addHandler(held)
    logging.getLogger("search.index").setLevel(logging.DEBUG)
    # As in the program: queries cut with the kept word table, from which the index's warm-up
    # makes the segmenter a save needs, and reads the columns a search needs. Timed once it has:
    # a person's first save comes seconds after opening, not within the warm-up's first second.
    word_table.keep_in(built.parent / "words")
    index = SearchIndex.open(folder)
    index._warming.join(timeout=120)
    edited = sorted(index.versions())[::max(1, len(index.versions()) // SAVES)][:SAVES]
    saves: dict[str, list[float]] = {"save": [], "edit": []}
    profiler = cProfile.Profile() if profile else None
    for number in range(2 * SAVES):
        word = f"独有词{number}号"
        kind, record_id = ("save", str(uuid.uuid4())) if number < SAVES else ("edit", edited[number - SAVES])
        record = IndexRecord(id=record_id, title=f"新保存的案例{word}", body=f"正文提到{word}。",
                             version="2", date=dt.date(2024, 1, 1))
        start = time.perf_counter()
        with profiler or contextlib.nullcontext():
            index.upsert([record])
            assert index.search(f'"{word}"').total == 1
        saves[kind].append((time.perf_counter() - start) * 1000)
    if profiler:
        profiler.dump_stats(profile)
    saves["segments"] = [len(index._matcher.segments)]
    index.close()
    saves["merge lock"] = held.milliseconds
    shutil.rmtree(folder)
    return saves


class _MergeLocks(logging.Handler):
    """The index's debug record of each merge: how long it held the index's lock."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.milliseconds: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "segments merged" in record.msg:
            self.milliseconds.append(record.args[-1])


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--distractors", type=int, default=2_000)
    parser.add_argument("--large", action="store_true", help="also measure 100,000 cases")
    parser.add_argument("--speed-only", action="store_true", help="skip the relevance table")
    parser.add_argument("--build-only", action="store_true",
                        help="only build time, index size and saves (no relevance, no query timing)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the speed runs' indexes in DIR and reuse them in later runs (their "
                             "build times are those of the first build)")
    parser.add_argument("--saves-only", type=Path, metavar="INDEX",
                        help="only time save -> searchable, on a copy of the built index folder INDEX")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="with --saves-only: write the saves' cProfile statistics to FILE")
    parser.add_argument("--serve", nargs=4, metavar=("ENGINE", "PATH", "MODE", "QUERIES"),
                        help=argparse.SUPPRESS)  # the fresh process that times one engine
    args = parser.parse_args()
    if args.serve:
        engine, path, mode, queries = args.serve
        serve(engine, Path(path), mode, Path(queries))
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.saves_only:
        print(f"Save to searchable on a copy of {args.saves_only} (load average {_load()})")
        _print_saves(_saves(args.saves_only, args.profile))
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="casearchive-bench-"))
    try:
        if not (args.speed_only or args.build_only):
            relevance = work / "relevance"
            shutil.rmtree(relevance, ignore_errors=True)  # a few minutes to build: never kept
            relevance.mkdir()
            relevance_table(relevance, args.distractors)
        speed_table(work, args.cases, args.build_only)
        if args.large:
            speed_table(work, 100_000, args.build_only)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
