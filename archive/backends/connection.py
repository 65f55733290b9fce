"""Connecting to the shared archive's server, and its errors as sentences for the user."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from archive.errors import ArchiveError, PermissionDeniedError


def engine_for(url: str) -> Engine:
    """An engine on `url` (`postgresql://user@host/db?sslmode=require`) with the psycopg 3 driver."""
    driver_url = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    return sa.create_engine(driver_url, pool_pre_ping=True, pool_size=2, max_overflow=2)


def server_error(error: sa.exc.DBAPIError, what: str = "") -> ArchiveError:
    """A database error as a sentence for the user."""
    code = getattr(error.orig, "sqlstate", None) or ""
    diagnostics = getattr(error.orig, "diag", None)
    detail = (diagnostics.message_primary if diagnostics else None) or str(error.orig).strip()
    if code == "42501":
        return PermissionDeniedError(
            f"权限不足：您的账户不能{what or '进行这项操作'}（{detail}）。请联系管理员。")
    # A connection that failed or broke has no SQLSTATE of its own, or one of class 08.
    if code.startswith("08") or (not code and isinstance(error, sa.exc.OperationalError)):
        return ArchiveError(f"无法连接共享案例库服务器：{detail}")
    return ArchiveError(f"共享案例库服务器拒绝了操作：{detail}")
