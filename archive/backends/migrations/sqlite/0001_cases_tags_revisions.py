"""SQLite archive, step 1: cases, tags, revisions and attachments (`archive.migrations`).

Revision ID: 0001
"""

from archive import migrations

revision = "0001"
down_revision = None


def upgrade() -> None:
    migrations.run_step(1)
