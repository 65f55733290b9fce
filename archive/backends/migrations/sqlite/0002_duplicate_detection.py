"""SQLite archive, step 2: fingerprints and similarity signatures, for duplicates (`archive.migrations`).

Revision ID: 0002
"""

from archive import migrations

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    migrations.run_step(2)
