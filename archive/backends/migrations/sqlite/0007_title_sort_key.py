"""SQLite archive, step 7: the pinyin sort key of titles (`archive.migrations`).

Revision ID: 0007
"""

from archive import migrations

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    migrations.run_step(7)
