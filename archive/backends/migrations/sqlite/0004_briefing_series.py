"""SQLite archive, step 4: the last issue number of each 简报 series (`archive.migrations`).

Revision ID: 0004
"""

from archive import migrations

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    migrations.run_step(4)
