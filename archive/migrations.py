"""The database schema as numbered forward steps, run as Alembic revisions; `PRAGMA user_version`
records the last one applied (Alembic's own table follows it).

Never edit a released step: add a new one, and its revision in `archive/backends/migrations/sqlite`.
Each step runs in the same transaction as the version bump, so a failed migration leaves the
previous schema in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from archive.title_order import title_sort_key

Step = Callable[[sqlite3.Connection], None]


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would split a step from its version bump.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _step_1_cases_tags_revisions(db: sqlite3.Connection) -> None:
    _run_script(db,
        """
        CREATE TABLE cases (
            id          TEXT PRIMARY KEY,
            title       TEXT NOT NULL,
            body        TEXT NOT NULL DEFAULT '',
            unit        TEXT NOT NULL DEFAULT '',
            source      TEXT NOT NULL DEFAULT '',
            author      TEXT NOT NULL DEFAULT '',
            date        TEXT,
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            deleted_at  TEXT
        );
        CREATE INDEX cases_by_date ON cases (date DESC, created_at DESC);

        CREATE TABLE tags (
            id        INTEGER PRIMARY KEY,
            name      TEXT NOT NULL UNIQUE,
            color     TEXT NOT NULL,
            parent_id INTEGER REFERENCES tags (id) ON DELETE SET NULL,
            position  INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE case_tags (
            case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
            PRIMARY KEY (case_id, tag_id)
        );
        CREATE INDEX case_tags_by_tag ON case_tags (tag_id);

        CREATE TABLE revisions (
            case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            number    INTEGER NOT NULL,
            saved_at  TEXT NOT NULL,
            title     TEXT NOT NULL,
            body      TEXT NOT NULL,
            unit      TEXT NOT NULL,
            source    TEXT NOT NULL,
            author    TEXT NOT NULL,
            date      TEXT,
            tags      TEXT NOT NULL,
            PRIMARY KEY (case_id, number)
        );

        CREATE TABLE attachments (
            case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
            name     TEXT NOT NULL,
            sha256   TEXT NOT NULL,
            size     INTEGER NOT NULL,
            mime     TEXT NOT NULL,
            is_original INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (case_id, name, is_original)
        );
        CREATE INDEX attachments_by_hash ON attachments (sha256);
        """
    )


def _step_2_duplicate_detection(db: sqlite3.Connection) -> None:
    _run_script(db,
        """
        ALTER TABLE cases ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
        ALTER TABLE cases ADD COLUMN similarity INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cases ADD COLUMN similar_to TEXT;
        CREATE INDEX cases_by_fingerprint ON cases (fingerprint);
        """
    )


def _step_3_provenance(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE cases ADD COLUMN provenance TEXT NOT NULL DEFAULT ''")


def _step_4_briefing_series(db: sqlite3.Connection) -> None:
    # Per 简报 title (气象工作简报, 党建工作简报 …): the last issue number used, in its year.
    db.execute(
        """
        CREATE TABLE briefing_series (
            title       TEXT PRIMARY KEY,
            year        INTEGER NOT NULL,
            last_issue  INTEGER NOT NULL,
            updated_at  TEXT NOT NULL
        )
        """
    )


def _step_5_briefing_records(db: sqlite3.Connection) -> None:
    # Every export kept: its options and ordered items as JSON, the output file by hash (in the
    # files folder); which cases it used, whole or in part, for 已用于 and the 未用于 filter; and
    # the basket, which belongs to the archive rather than to one user's settings.
    _run_script(db,
        """
        CREATE TABLE briefings (
            id          TEXT PRIMARY KEY,
            created_at  TEXT NOT NULL,
            layout      TEXT NOT NULL,
            title       TEXT NOT NULL,
            series      TEXT NOT NULL DEFAULT '',
            issue       INTEGER,
            issue_date  TEXT NOT NULL,
            options     TEXT NOT NULL,
            items       TEXT NOT NULL,
            file_name   TEXT NOT NULL,
            sha256      TEXT NOT NULL,
            size        INTEGER NOT NULL,
            deleted_at  TEXT
        );
        CREATE TABLE briefing_uses (
            briefing_id TEXT NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
            case_id     TEXT NOT NULL,
            whole       INTEGER NOT NULL,
            PRIMARY KEY (briefing_id, case_id, whole)
        );
        CREATE INDEX briefing_uses_by_case ON briefing_uses (case_id);
        CREATE TABLE basket (
            position INTEGER PRIMARY KEY,
            item     TEXT NOT NULL
        )
        """
    )


def _step_6_revision_attachments(db: sqlite3.Connection) -> None:
    # Attachments are versioned with the text: each revision keeps the attachment set the case had.
    # Revisions saved before this step have no recorded set (files_kept = 0): restoring one keeps
    # the case's current attachments rather than dropping them.
    _run_script(
        db,
        """
        ALTER TABLE revisions ADD COLUMN files_kept INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE revision_attachments (
            case_id  TEXT NOT NULL,
            number   INTEGER NOT NULL,
            name     TEXT NOT NULL,
            sha256   TEXT NOT NULL,
            size     INTEGER NOT NULL,
            mime     TEXT NOT NULL,
            is_original INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (case_id, number, name, is_original),
            FOREIGN KEY (case_id, number) REFERENCES revisions (case_id, number) ON DELETE CASCADE
        );
        CREATE INDEX revision_attachments_by_hash ON revision_attachments (sha256);
        """,
    )


def _step_7_title_sort_key(db: sqlite3.Connection) -> None:
    # The 标题 column orders by pinyin: each case's key is computed once here, then on every save.
    db.execute("ALTER TABLE cases ADD COLUMN title_key TEXT NOT NULL DEFAULT ''")
    keys = [(title_sort_key(title), case_id)
            for case_id, title in db.execute("SELECT id, title FROM cases").fetchall()]
    db.executemany("UPDATE cases SET title_key = ? WHERE id = ?", keys)


def _step_8_live_case_versions(db: sqlite3.Connection) -> None:
    # Every opening compares each live case's updated_at with the index's, and counts the cases:
    # read from this index, not from the whole table with its bodies (80 ms against 10 at 20,000).
    db.execute("CREATE INDEX live_case_versions ON cases (deleted_at, id, updated_at)")


STEPS: tuple[Step, ...] = (
    _step_1_cases_tags_revisions,
    _step_2_duplicate_detection,
    _step_3_provenance,
    _step_4_briefing_series,
    _step_5_briefing_records,
    _step_6_revision_attachments,
    _step_7_title_sort_key,
    _step_8_live_case_versions,
)
LATEST_VERSION = len(STEPS)


def schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection, target: int = LATEST_VERSION) -> list[int]:
    """Apply the steps after the current version up to `target`, each as an Alembic revision
    (`archive/backends/migrations/sqlite`) in a transaction of its own; returns the versions applied.
    An archive already at `target` (every opening but the first after an upgrade) loads no Alembic."""
    current = schema_version(db)
    if current >= target:
        return []
    from archive.backends.upgrades import upgrade_sqlite  # Alembic and SQLAlchemy: a second or more to load

    upgrade_sqlite(db, current, target)
    return list(range(current + 1, target + 1))


def run_step(version: int) -> None:
    """Step `version`, called by its Alembic revision inside the revision's transaction, with the bump
    of `PRAGMA user_version`: what opening reads to know the schema without loading Alembic."""
    from alembic import op

    db = op.get_bind().connection.driver_connection
    STEPS[version - 1](db)
    db.execute(f"PRAGMA user_version = {version}")
