"""Titles sort by pinyin: `cases.title_key`, filled for the cases already there (SQLite step 7).

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

from archive.title_order import title_sort_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Revision 0001 creates the tables from today's `schema`, which has the column already.
    if "title_key" not in {c["name"] for c in sa.inspect(bind).get_columns("cases")}:
        op.add_column("cases", sa.Column("title_key", sa.Text, nullable=False, server_default=""))
    cases = sa.table("cases", sa.column("id"), sa.column("title"), sa.column("title_key"))
    for case_id, title in bind.execute(sa.select(cases.c.id, cases.c.title)).all():
        bind.execute(sa.update(cases).where(cases.c.id == case_id)
                     .values(title_key=title_sort_key(title)))
