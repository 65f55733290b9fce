"""Schema upgrades through Alembic, for both backends: one environment (`migrations/env.py`), the
shared archive's revisions in `migrations/versions`, the SQLite archive's in `migrations/sqlite`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from archive.backends.connection import server_error

MIGRATIONS = Path(__file__).with_name("migrations")
SHARED_REVISIONS, SQLITE_REVISIONS = MIGRATIONS / "versions", MIGRATIONS / "sqlite"


def _config(revisions: Path, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Split on os.pathsep, not on spaces: the program may live under "Program Files".
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(revisions))
    config.attributes["connection"] = connection
    return config


def head_revision() -> int:
    """The newest shared schema revision this program knows."""
    return int(ScriptDirectory.from_config(_config(SHARED_REVISIONS)).get_current_head() or 0)


def current_revision(connection: Connection) -> int:
    current = MigrationContext.configure(connection).get_current_revision()
    return int(current) if current else 0


def schema_version(engine: Engine) -> int:
    """The number of the schema's Alembic revision (0 before `server init`)."""
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    except sa.exc.DBAPIError as error:
        raise server_error(error) from error


def upgrade(connection: Connection) -> list[int]:
    """Run the revisions after the current one, in `connection`'s transaction; returns them."""
    before = current_revision(connection)
    command.upgrade(_config(SHARED_REVISIONS, connection), "head")
    return list(range(before + 1, head_revision() + 1))


def upgrade_sqlite(db: sqlite3.Connection, current: int, target: int) -> None:
    """Run the SQLite archive's revisions after `current` up to `target` on `db` (a connection in
    autocommit mode, as the store keeps it), each in a `BEGIN IMMEDIATE` transaction of its own."""
    engine = sa.create_engine("sqlite://", creator=lambda: db, poolclass=sa.pool.StaticPool)
    # SQLAlchemy leaves transactions to the driver, which in autocommit mode starts none.
    sa.event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    with engine.connect() as connection:
        config = _config(SQLITE_REVISIONS, connection)
        # An archive older than Alembic's table, or written by a program that did not update it.
        command.stamp(config, f"{current:04d}" if current else "base", purge=True)
        command.upgrade(config, f"{target:04d}")
