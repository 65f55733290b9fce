"""A real PostgreSQL for the shared-archive tests: one server per session in a temporary folder,
a fresh database per test. Run as `nobody` when the tests run as root (PostgreSQL refuses root).
The fixtures are registered by tests/conftest.py, so the store tests of tests/archive use them too."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
SUPERUSER = "postgres"
TEMPLATE = "casearchive_template"  # after `server init`: schema, roles, default taxonomy
BARE_TEMPLATE = "casearchive_bare"  # the schema alone, as the SQLite store tests start


def postgres_bin() -> Path | None:
    for folder in BIN_CANDIDATES:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir, self.root = bin_dir, root
        self.data = root / "data"
        self.port = _free_port()
        self._as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        subprocess.run([*self._as_user, *command], check=True, capture_output=True, cwd=self.root)

    def start(self) -> None:
        if self._as_user:
            shutil.chown(self.root, "nobody")
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
                   " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql)

    def new_database(self, template: str = "template1") -> str:
        name = f"archive_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="casearchive-pg-"))
    server = PostgresServer(bin_dir, root)
    try:
        server.start()
    except subprocess.CalledProcessError as error:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not start: {error.stderr.decode(errors='replace')[-300:]}")
    try:
        from archive.backends import server_admin
        from archive.backends.connection import engine_for

        server.execute(f"CREATE DATABASE {TEMPLATE}")
        server_admin.init_server(server.url(TEMPLATE))
        server.execute(f"CREATE DATABASE {BARE_TEMPLATE}")
        engine = engine_for(server.url(BARE_TEMPLATE))
        server_admin.migrate(engine)
        engine.dispose()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def shared_url(postgres_server: PostgresServer) -> str:
    """The URL of a fresh, initialised shared archive database."""
    return postgres_server.url(postgres_server.new_database(TEMPLATE))


@pytest.fixture
def bare_store_url(postgres_server: PostgresServer) -> str:
    """A fresh database with the shared schema and no tags."""
    return postgres_server.url(postgres_server.new_database(BARE_TEMPLATE))


@pytest.fixture
def empty_database_url(postgres_server: PostgresServer) -> Callable[[], str]:
    """A fresh database without the archive schema, for `server init` itself."""
    return lambda: postgres_server.url(postgres_server.new_database())
