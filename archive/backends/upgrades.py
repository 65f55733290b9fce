"""The shared schema's versions, run through Alembic (scripts in `migrations/versions`)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from archive.backends.connection import server_error

MIGRATIONS = Path(__file__).with_name("migrations")


def head_revision() -> int:
    """The newest schema revision this program knows."""
    return int(ScriptDirectory(str(MIGRATIONS)).get_current_head() or 0)


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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    return list(range(before + 1, head_revision() + 1))
