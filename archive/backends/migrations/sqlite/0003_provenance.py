"""SQLite archive, step 3: where a case came from (exchange packages) (`archive.migrations`).

Revision ID: 0003
"""

from archive import migrations

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    migrations.run_step(3)
