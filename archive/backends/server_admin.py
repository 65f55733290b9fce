"""`casearchive server init|migrate URL`: the shared archive's schema (through Alembic), its three
roles and their rights, and the default taxonomy."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from archive.backends import upgrades
from archive.backends.connection import engine_for, server_error
from archive.backends.postgresql import SharedStore
from archive.backends.upgrades import schema_version
from archive.errors import ArchiveError
from archive.taxonomy import add_default_groups

log = logging.getLogger(__name__)

READ, EDIT, ADMIN = "casearchive_read", "casearchive_edit", "casearchive_admin"
ROLE_NAMES = {READ: "只读", EDIT: "编辑", ADMIN: "管理"}

# 只读 reads; 编辑 also adds and edits cases, files, briefings and new tags, and moves cases to the
# trash; 管理 alone changes the taxonomy (rename, merge, recolor, delete tags), restores and purges.
_GRANTS = f"""
GRANT USAGE ON SCHEMA public TO {READ};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READ};
GRANT {READ} TO {EDIT};
GRANT INSERT, UPDATE ON cases, revisions, revision_attachments, briefing_series, briefings TO {EDIT};
GRANT INSERT, UPDATE, DELETE ON case_tags, attachments, briefing_uses, basket TO {EDIT};
GRANT INSERT ON tags, blobs, blob_chunks, changes TO {EDIT};
GRANT INSERT, DELETE ON drafts TO {EDIT};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {EDIT};
GRANT {EDIT} TO {ADMIN};
GRANT ALL ON ALL TABLES IN SCHEMA public TO {ADMIN};
"""


def migrate(engine: Engine) -> list[int]:
    """Upgrade the schema to the newest revision and grant the roles their rights on it; returns
    the revisions applied."""
    try:
        with engine.begin() as connection:
            applied = upgrades.upgrade(connection)
            connection.execute(sa.text(_GRANTS))
    except sa.exc.DBAPIError as error:
        raise server_error(error, "升级共享案例库（需要数据库所有者权限）") from error
    return applied


def _create_roles(engine: Engine) -> None:
    try:
        with engine.begin() as connection:
            existing = {r[0] for r in connection.execute(
                sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
                {"names": list(ROLE_NAMES)})}
            for role in ROLE_NAMES:
                if role not in existing:
                    connection.execute(sa.text(f"CREATE ROLE {role} NOLOGIN"))
    except sa.exc.DBAPIError as error:
        raise server_error(error, "创建角色（需要 CREATEROLE 权限）") from error


def init_server(url: str) -> list[int]:
    """Create the roles, the schema and the default taxonomy in the database at `url` (which
    must exist); running it again changes nothing. Returns the schema revisions applied."""
    store = SharedStore.open(url)
    try:
        _create_roles(store.engine)
        applied = migrate(store.engine)
        if applied and applied[0] == 1 and not store.list_tags():
            add_default_groups(store)
        return applied
    finally:
        store.close()


def migrate_server(url: str) -> list[int]:
    engine = engine_for(url)
    try:
        if schema_version(engine) == 0:
            raise ArchiveError(f"{_safe(url)} 还不是共享案例库：请先运行「casearchive server init」。")
        return migrate(engine)
    finally:
        engine.dispose()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)
