"""SQLite archive, step 6: attachments versioned with each revision (`archive.migrations`).

Revision ID: 0006
"""

from archive import migrations

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    migrations.run_step(6)
