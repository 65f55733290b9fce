"""SQLite archive, step 8: the live cases' versions, read by every opening (`archive.migrations`).

Revision ID: 0008
"""

from archive import migrations

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    migrations.run_step(8)
