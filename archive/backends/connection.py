"""Connecting to the shared archive's server, and its errors as sentences for the user."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from archive.errors import ArchiveError, ConnectionFailedError, PermissionDeniedError

CONNECT_TIMEOUT_S = 10

# What libpq says when a connection fails (it gives no SQLSTATE then), as a sentence for the user.
_CONNECT_FAILURES = (
    (("password authentication failed", "no password supplied", "role \"", "Kerberos"),
     "用户名或密码不对，服务器拒绝登录。请检查用户名和密码。"),
    (("no encryption",), "服务器要求加密连接：请把「加密连接」选为 require（或 verify-full）。"),
    (("does not support SSL",),
     "服务器不支持加密连接：请把「加密连接」选为 prefer 或 disable，或请管理员开启 TLS。"),
    (("certificate", "SSL error"), "加密连接的证书校验失败：请检查服务器证书，或请管理员确认 TLS 设置。"),
    (("database \"",), "服务器上没有这个数据库：请检查数据库名。"),
    (("Connection refused", "could not translate host name", "timeout expired", "No route to host",
      "Network is unreachable", "could not connect"),
     "连不上服务器：请检查服务器地址和端口，以及网络是否畅通、服务器是否开着。"),
)


def engine_for(url: str) -> Engine:
    """An engine on `url` (`postgresql://user@host/db?sslmode=require`) with the psycopg 3 driver."""
    driver_url = sa.engine.make_url(url).set(drivername="postgresql+psycopg")
    # libpq waits forever for a server that does not answer; a person waits ten seconds.
    timeout = {} if "connect_timeout" in driver_url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    return sa.create_engine(driver_url, pool_pre_ping=True, pool_size=2, max_overflow=2,
                            connect_args=timeout)


def server_error(error: sa.exc.DBAPIError, what: str = "") -> ArchiveError:
    """A database error as a sentence for the user."""
    code = getattr(error.orig, "sqlstate", None) or ""
    diagnostics = getattr(error.orig, "diag", None)
    detail = (diagnostics.message_primary if diagnostics else None) or str(error.orig).strip()
    if code == "42501":
        return PermissionDeniedError(
            f"权限不足：您的账户不能{what or '进行这项操作'}（{detail}）。请联系管理员。")
    # A connection that failed or broke has no SQLSTATE of its own, or one of class 08.
    if code.startswith("08") or code in ("28P01", "28000", "3D000") or (
            not code and isinstance(error, sa.exc.OperationalError)):
        said = detail.strip().splitlines()[-1].strip()[:160] if detail.strip() else ""
        return ConnectionFailedError(f"无法连接共享案例库服务器：{connect_failure(detail)}"
                                     + (f"（{said}）" if said else ""))
    return ArchiveError(f"共享案例库服务器拒绝了操作：{detail}")


def connect_failure(detail: str) -> str:
    """Why a connection failed, in the user's words, from libpq's message."""
    for needles, sentence in _CONNECT_FAILURES:
        if any(needle in detail for needle in needles):
            return sentence
    return "连接中断或被拒绝。"
