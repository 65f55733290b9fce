"""SQLite archive, step 5: kept briefings, the cases they used, the basket (`archive.migrations`).

Revision ID: 0005
"""

from archive import migrations

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    migrations.run_step(5)
