"""The shared archive under load, with the SQLite path beside it, in one run.

    python -m bench.shared_bench                                 # 5,000 cases, 10 clients, 20 s
    python -m bench.shared_bench --cases 100000 --seconds 60     # the issue's full scale

A temporary PostgreSQL (started as the tests start theirs) gets `--cases` generated cases, loaded
with COPY as they are generated (their fingerprints computed in a process a core). Figures:
- first sync: a new desktop's first opening, its local index built in full from the server; and
  how soon a first sync stops after a cancel 5 s in;
- `--clients` processes, each a desktop (one process, its follower thread, its own cache copied
  from the first one's, as a desktop that synced earlier; all open and warmed up before the clock
  starts), for `--seconds`: each searches about
  once a second and saves every `--pace` seconds on average (an edit based on the version it
  read); saves per second, p50/p95 save latency, conflicts, search p50. A watcher desktop
  measures the time from a save returning on one client to its follower's index commit holding
  it (target ≤ 2 s; the watcher searches about once a second as the clients do, and after the
  run a search confirms each save's text is found), and from the follower's logged stage timings
  where that time went, with the processor time of each stage beside it;
- the SQLite path: a search and a save back to back, one client, on a folder archive of the same
  cases, with this tree's `archive/` and with `--before`'s (default `main`), so that its speed before
  and after shows; also the time to create an empty archive (its schema steps run) and to reopen it.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["防汛", "粮食", "党建", "预警", "服务", "科技", "群众", "监测"]


def drafts(count: int) -> list:
    from archive.library import CaseDraft
    from bench.corpus import generate

    return [CaseDraft(r.title, r.body, r.unit, date=r.date, tags=r.tags) for r in generate(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def save_and_search(library, seconds: float, seed: int, tokens=None, pace: float = 0.0,
                    commits: list[float] | None = None) -> dict:
    """Search and save for `seconds`: with `pace`, as a person works (a save every `pace` seconds on
    average, an edit based on the version read, and a search about each second between saves);
    without, a search and a save back to back. Each save's token, case, start, commit (the last of
    `commits`, which the store's log fills) and return times go to `tokens` (a queue) for the
    watcher. Only `Library` calls that main has too, but `base_version`."""
    from archive import library as door

    # Before this change there was no ConflictError, and no save was refused (a refusal would
    # show in that column's count).
    versioned_saves = hasattr(door, "ConflictError")
    refused = door.ConflictError if versioned_saves else door.ArchiveError
    rng = random.Random(seed)
    ids = [c.id for c in library.list_cases(limit=2000)]
    latencies: list[float] = []
    searches: list[float] = []
    conflicts = 0
    end = time.monotonic() + seconds
    next_save = time.monotonic() + rng.uniform(0, pace)
    while time.monotonic() < end:
        started = time.perf_counter()
        library.search(rng.choice(WORDS))
        searches.append(time.perf_counter() - started)
        if time.monotonic() < next_save:
            time.sleep(min(1.0, next_save - time.monotonic(), max(0.0, end - time.monotonic())))
            continue
        next_save += rng.uniform(0.5 * pace, 1.5 * pace)
        case = library.get_case(rng.choice(ids))
        token = f"zq{seed}x{len(latencies)}k"  # one term of its own: found only where it was saved
        edited = door.CaseDraft(case.title, f"{case.body}\n{token}\n", case.unit, case.source, case.author,
                           case.date, tuple(case.tags))
        versioned = {"base_version": library.case_version(case.id)} if versioned_saves else {}
        started, began, cpu = time.perf_counter(), time.time(), time.thread_time()
        try:
            library.cases.update(case.id, edited, **versioned)
        except refused:
            conflicts += 1
            continue
        latencies.append(time.perf_counter() - started)
        if tokens is not None:
            tokens.put((token, case.id, began, commits[-1], time.time(), time.thread_time() - cpu))
    return {"saves": len(latencies), "latencies": latencies, "searches": searches, "conflicts": conflicts}


def _opened(url: str, cache: str, ready):
    """A desktop that has been open a while: its archive open, its word tables loaded (by a
    search) and its pinyin tables too (as by a list sorted by title, or an earlier save: the first
    save would pay seconds for them) and jieba's dictionary, before `ready` (a barrier) lets every
    desktop start at once."""
    os.environ["XDG_CACHE_HOME"] = cache
    from archive.library import Library
    from archive.title_order import title_sort_key
    from search.analysis import segmenter

    library = Library.open(url)
    library.search(WORDS[0])
    title_sort_key(WORDS[0])
    segmenter()  # as the follower loads it on opening (`changefeed.Follower`): waits for it
    ready.wait()
    return library


def _client(url: str, cache: str, seconds: float, seed: int, pace: float, tokens, results, ready) -> None:
    commits = _Logged("archive.backends.postgresql", "committed")
    with _opened(url, cache, ready) as library:
        used = time.process_time()  # every thread's: the follower's index commits count
        outcome = save_and_search(library, seconds, seed, tokens, pace, commits.values)
        results.put({**outcome, "cpu_s": time.process_time() - used})


class _Logged(logging.Handler):
    """The values of one `extra` attribute that a logger's DEBUG records carry, as they are logged."""

    def __init__(self, logger: str, attribute: str) -> None:
        super().__init__(logging.DEBUG)
        self.attribute, self.values = attribute, []
        source = logging.getLogger(logger)
        source.setLevel(logging.DEBUG)
        source.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, self.attribute):
            self.values.append(getattr(record, self.attribute))


STAGES = ("save began → searchable elsewhere", "committed → searchable elsewhere",
          "save began → committed", "→ notified elsewhere", "→ fetched", "→ guard taken", "→ indexed",
          "(the follower's CPU for the batch)", "(CPU: the save, own index too)", "(CPU: → fetched)",
          "(CPU: → indexed)")
_LAST_BATCHES_S = 60.0  # how long the watcher waits, after the run, for its follower's last batches


def _watcher(url: str, cache: str, tokens, results, stop, ready) -> None:
    """A desktop that sees each save another client made: the delay from the save's return to its
    follower's index commit that holds it (searchable from then on), and where the time went
    (`STAGES`: from the save's start to the notification this desktop's follower got, then each
    stage after). It searches as a person does, about once a second, like the clients: a search
    holds the index's lock while it reads the index, so searching without pause would delay its own
    follower's commits. After the
    run a search for each save's text confirms the index holds it."""
    batches = _Logged("archive.changefeed", "timings")
    rng = random.Random(-1)
    saves = []
    with _opened(url, cache, ready) as library:
        next_search = time.monotonic()
        while not (stop.is_set() and tokens.empty()):
            if time.monotonic() >= next_search:
                library.search(rng.choice(WORDS))
                next_search = time.monotonic() + 1.0
            try:
                saves.append(tokens.get(timeout=0.1))
            except Exception:  # queue.Empty, from another module in a child process
                continue
        delays, stages = [], []
        deadline = time.monotonic() + _LAST_BATCHES_S
        for _token, case_id, began, committed, saved, save_cpu in saves:
            while (batch := next((b for b in batches.values
                                  if case_id in b.case_ids and b.indexed >= committed), None)) is None:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            if batch is None:
                continue
            delays.append(batch.indexed - saved)
            stages.append((batch.indexed - began, batch.indexed - committed, committed - began,
                           batch.woken - committed, batch.fetched - batch.woken,
                           batch.guarded - batch.fetched, batch.indexed - batch.guarded, batch.cpu,
                           save_cpu, batch.fetch_cpu, batch.index_cpu))
        found = sum(1 for token, *_ in saves if library.search(token).total)
    results.put((delays, stages, found))


class _Milestones:
    """A progress callback printing each tenth of a long step with its time and rate, so that a run
    stopped before the end still gives a measured rate to extrapolate from."""

    def __init__(self, started: float) -> None:
        self.started, self.shown = started, 0

    def __call__(self, done: int, total: int, what: str) -> None:
        tenth = 10 * done // total if total else 0
        if tenth > self.shown:
            self.shown = tenth
            elapsed = time.perf_counter() - self.started
            print(f"  {what}: {done:,} of {total:,} after {elapsed:.0f} s "
                  f"({1000 * elapsed / done:.1f} ms a case, load average {os.getloadavg()[0]:.1f})",
                  flush=True)


def _copy_row(record) -> tuple:
    """One generated case as the columns COPY writes, its fingerprints computed (most of the
    load's processor time: done in a pool of processes)."""
    from archive.fingerprint import exact_fingerprint, similarity_signature

    return (record.title, record.body, record.unit, record.date.isoformat() if record.date else None,
            exact_fingerprint(record.title, record.body), similarity_signature(record.body), record.tags)


def bulk_load(url: str, count: int) -> None:
    """`count` generated cases and their tags COPied into the server, as an administrator would
    load an archive: generated as they are written, their fingerprints computed in one process a
    core, never all in memory at once."""
    import psycopg

    from archive.backends.postgresql import SharedStore
    from archive.store import now
    from bench.corpus import TOPICS, generated

    store = SharedStore.open(url)
    known = {tag.name for tag in store.list_tags(counts=False)}
    for name in sorted(set(TOPICS) - known):  # every generated case is tagged with its topic
        store.add_tag(name)
    store.close()
    moment = now().isoformat()
    milestones = _Milestones(time.perf_counter())
    with (multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool,
          psycopg.connect(url) as connection, connection.cursor() as cursor):
        tag_ids = dict(cursor.execute("SELECT name, id FROM tags").fetchall())
        tagged = []
        with cursor.copy("COPY cases (id, title, body, unit, date, created_at, updated_at, fingerprint,"
                         " similarity) FROM STDIN") as copy:
            rows = pool.imap(_copy_row, generated(count), chunksize=200)
            for done, (title, body, unit, date, fingerprint, similarity, tags) in enumerate(rows, 1):
                case_id = str(uuid.uuid4())
                copy.write_row((case_id, title, body, unit, date, moment, moment, fingerprint, similarity))
                tagged.extend((case_id, tag_ids[tag]) for tag in dict.fromkeys(tags))
                milestones(done, count, "loaded")
        with cursor.copy("COPY case_tags (case_id, tag_id) FROM STDIN") as copy:
            for row in tagged:
                copy.write_row(row)


def cpu_pressure() -> float:
    """The share of the last minute in which some runnable task waited for a processor (Linux's
    pressure stall information, in %), or NaN where the kernel does not tell."""
    try:
        some = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except (OSError, IndexError):
        return float("nan")
    return float(dict(field.split("=") for field in some.split()[1:])["avg60"])


_CANCEL_AFTER_S = 5.0


def cancelled_first_sync(url: str) -> float:
    """A first sync cancelled `_CANCEL_AFTER_S` seconds in: how long after the cancel it stopped."""
    from archive.library import Library, OpenCancelled

    cancel = threading.Event()
    cancelled_at: list[float] = []
    timer = threading.Timer(_CANCEL_AFTER_S, lambda: (cancelled_at.append(time.perf_counter()), cancel.set()))
    timer.start()
    try:
        Library.open(url, is_cancelled=cancel.is_set).close()
    except OpenCancelled:
        return time.perf_counter() - cancelled_at[0]
    finally:
        timer.cancel()
    return float("nan")  # the sync ended before the cancel


def shared_figures(count: int, clients: int, seconds: float, pace: float, work: Path) -> dict:
    from archive.backends import server_admin
    from archive.library import Library
    from tests.pg_server import PostgresServer, postgres_bin

    server = PostgresServer(postgres_bin(), Path(tempfile.mkdtemp(prefix="casearchive-pg-")))
    server.start()
    try:
        server.execute("CREATE DATABASE bench")
        url = server.url("bench")
        server_admin.init_server(url)
        started = time.perf_counter()
        bulk_load(url, count)
        load = time.perf_counter() - started
        print(f"shared: {count:,} cases loaded with COPY in {load:.1f} s", flush=True)

        first_cache = work / "cache-first"
        os.environ["XDG_CACHE_HOME"] = str(first_cache)
        cancel_delay = cancelled_first_sync(url)
        print(f"shared: a first sync cancelled {_CANCEL_AFTER_S:.0f} s in stopped {cancel_delay:.2f} s after "
              f"the cancel (load average {os.getloadavg()[0]:.1f})", flush=True)
        started = time.perf_counter()
        Library.open(url, progress=_Milestones(started)).close()
        first_sync = time.perf_counter() - started
        print(f"shared: first sync of a new desktop in {first_sync:.1f} s, "
              f"{1000 * first_sync / max(1, count):.1f} ms a case (load average "
              f"{os.getloadavg()[0]:.1f})", flush=True)

        context = multiprocessing.get_context("spawn")
        tokens, results, delays_out, stop = context.Queue(), context.Queue(), context.Queue(), context.Event()
        ready = context.Barrier(clients + 1)
        caches = []
        for number in range(clients + 1):
            cache = work / f"cache-{number}"
            shutil.copytree(first_cache, cache)
            caches.append(str(cache))
        watcher = context.Process(target=_watcher, args=(url, caches[-1], tokens, delays_out, stop, ready))
        watcher.start()
        workers = [context.Process(target=_client,
                                   args=(url, caches[n], seconds, n, pace, tokens, results, ready))
                   for n in range(clients)]
        for process in workers:
            process.start()
        outcomes = [results.get() for _ in workers]
        load_after, pressure = os.getloadavg()[0], cpu_pressure()
        for process in workers:
            process.join()
        stop.set()
        delays, stages, found = delays_out.get()
        watcher.join()
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)
    latencies = [x for o in outcomes for x in o["latencies"]]
    searches = [x for o in outcomes for x in o["searches"]]
    return {"load_s": load, "cancel_s": cancel_delay, "first_sync_s": first_sync, "saves": len(latencies),
            "saves_per_s": len(latencies) / seconds, "save_p50_ms": 1000 * statistics.median(latencies),
            "save_p95_ms": 1000 * percentile(latencies, 0.95),
            "conflicts": sum(o["conflicts"] for o in outcomes),
            "clients_cores": sum(o["cpu_s"] for o in outcomes) / seconds, "load": load_after,
            "cpu_pressure": pressure,
            "search_p50_ms": 1000 * statistics.median(searches),
            "visible_p50_s": statistics.median(delays) if delays else float("nan"),
            "visible_p95_s": percentile(delays, 0.95), "visible_max_s": max(delays, default=float("nan")),
            "visible_samples": len(delays), "found_after": found,
            **{f"stage_{n}": (statistics.median(column), percentile(list(column), 0.95))
               for n, column in enumerate(zip(*stages, strict=True))}}


def sqlite_figures(count: int, seconds: float, folder: str) -> dict:
    """The SQLite path with whichever `archive` is first on sys.path."""
    from archive.library import Library

    cases = drafts(count)
    started = time.perf_counter()
    with Library.open(Path(folder)) as library:
        created = time.perf_counter() - started
        started = time.perf_counter()
        library.cases.add_many(cases)
        load = time.perf_counter() - started
        shutil.rmtree(library.layout.index)
    started = time.perf_counter()
    with Library.open(Path(folder)) as library:
        first_open = time.perf_counter() - started
        outcome = save_and_search(library, seconds, 0)
    started = time.perf_counter()
    Library.open(Path(folder)).close()
    reopened = time.perf_counter() - started
    latencies = outcome["latencies"]
    return {"create_s": created, "reopen_s": reopened,
            "load_s": load, "first_sync_s": first_open, "saves": len(latencies),
            "saves_per_s": len(latencies) / seconds, "save_p50_ms": 1000 * statistics.median(latencies),
            "save_p95_ms": 1000 * percentile(latencies, 0.95), "conflicts": 0,
            "search_p50_ms": 1000 * statistics.median(outcome["searches"])}


def sqlite_in_subprocess(source: Path, count: int, seconds: float, work: Path) -> dict:
    """`sqlite_figures` in a fresh process whose `archive`, `search` and `resources` come from `source`."""
    folder = work / f"sqlite-{source.name}"
    code = ("import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]];"
            "from bench.shared_bench import sqlite_figures;"
            "print(json.dumps(sqlite_figures(int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])))")
    done = subprocess.run([sys.executable, "-c", code, str(source), str(ROOT), str(count), str(seconds),
                           str(folder)], capture_output=True, text=True, check=True,
                          env={**os.environ, "XDG_CACHE_HOME": str(work / "sqlite-cache")})
    return json.loads(done.stdout.strip().splitlines()[-1])


def exported(ref: str, work: Path) -> Path:
    """The packages of git revision `ref`, in a folder of their own."""
    target = work / f"before-{ref.replace('/', '_')}"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "archive", "search", "resources"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--pace", type=float, default=3.0,
                        help="seconds between one shared client's saves, on average (as people work)")
    parser.add_argument("--before", default="main", help="git revision of the SQLite baseline")
    parser.add_argument("--shared-only", action="store_true",
                        help="leave out the SQLite columns (a second, smaller shared run)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shared-bench-"))
    try:
        print(f"{args.cases:,} cases; shared: {args.clients} clients for {args.seconds:.0f} s, each a "
              f"save every {args.pace:g} s on average and a search about each second; SQLite: one "
              f"client for {args.seconds:.0f} s, a search and a save back to back", flush=True)
        columns = {} if args.shared_only else {
            f"SQLite ({args.before})": sqlite_in_subprocess(exported(args.before, work), args.cases,
                                                           args.seconds, work),
            "SQLite (this tree)": sqlite_in_subprocess(ROOT, args.cases, args.seconds, work),
        }
        columns[f"PostgreSQL, {args.clients} clients"] = shared_figures(
            args.cases, args.clients, args.seconds, args.pace, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [("create an empty archive (s)", "create_s", "{:.2f}"),
            ("reopen, index present (s)", "reopen_s", "{:.2f}"),
            ("load cases (s; shared: COPY)", "load_s", "{:.1f}"),
            ("first sync / index build (s)", "first_sync_s", "{:.1f}"),
            ("first sync: cancel took effect (s)", "cancel_s", "{:.2f}"),
            ("saves", "saves", "{:d}"), ("saves per second", "saves_per_s", "{:.1f}"),
            ("save p50 (ms)", "save_p50_ms", "{:.0f}"), ("save p95 (ms)", "save_p95_ms", "{:.0f}"),
            ("conflicts refused", "conflicts", "{:d}"), ("search p50 (ms)", "search_p50_ms", "{:.0f}"),
            ("clients' CPU (cores busy)", "clients_cores", "{:.2f}"),
            ("machine's load average at the end", "load", "{:.1f}"),
            ("time work waited for a CPU (%, 60 s)", "cpu_pressure", "{:.0f}"),
            ("save→searchable elsewhere p50 (s)", "visible_p50_s", "{:.2f}"),
            ("save→searchable elsewhere p95 (s)", "visible_p95_s", "{:.2f}"),
            ("save→searchable elsewhere max (s)", "visible_max_s", "{:.2f}"),
            ("save→searchable samples", "visible_samples", "{:d}"),
            ("saves a search finds after the run", "found_after", "{:d}"),
            *((f"  {stage} p50/p95 (s)", f"stage_{n}", "{0[0]:.2f} / {0[1]:.2f}")
              for n, stage in enumerate(STAGES))]
    print("(save→searchable runs from the save's return, after its own index commit; the rows below\n"
          " run from its start and from its server commit, then stage by stage)")
    names = list(columns)
    print(f"{'':36}" + "".join(f"{name:>24}" for name in names))
    for label, key, form in rows:
        cells = [form.format(columns[n][key]) if key in columns[n] else "—" for n in names]
        print(f"{label:36}" + "".join(f"{cell:>24}" for cell in cells))


if __name__ == "__main__":
    main()
