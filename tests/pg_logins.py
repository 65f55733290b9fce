"""Logins on the test server as people have them: in a role, with a password the server checks, or
allowed in over TLS only. The session's server trusts every login; these add pg_hba.conf lines
for their own users ahead of that, so other tests are unaffected. tests/conftest.py registers the fixture."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def new_login(postgres_server, shared_url) -> Callable[..., str]:
    """new_login(role, password="", tls_only=False) -> the URL (without password) of a new login,
    a member of `role` (casearchive_read, _edit or _admin), on this test's shared archive."""

    def make(role: str, password: str = "", tls_only: bool = False) -> str:
        user = f"{role.split('_')[1]}_login_{next(_numbers)}"
        secret = f" PASSWORD '{password}'" if password else ""
        postgres_server.execute(f"CREATE ROLE {user} LOGIN{secret} IN ROLE {role}")
        rules = []
        if tls_only:
            rules.append(f"hostnossl all {user} 127.0.0.1/32 reject")
        if password:
            rules.append(f"host all {user} 127.0.0.1/32 scram-sha-256")
        if rules:
            hba = postgres_server.data / "pg_hba.conf"
            hba.write_text("\n".join(rules) + "\n" + hba.read_text())
            postgres_server.execute("SELECT pg_reload_conf()")
            time.sleep(0.3)  # the postmaster rereads the file on the signal, a moment later
        return shared_url.replace("postgres@", f"{user}@")

    return make
