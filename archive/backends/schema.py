"""The shared archive's tables (SQLAlchemy Core): the SQLite schema of `archive.migrations`, column for
column, plus what a server shared by many desktops needs: files in the database (`blobs`, streamed in
`blob_chunks`), the change feed (`changes`), drafts kept from refused saves, one basket per user."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    text,
)

metadata = MetaData()

cases = Table(
    "cases", metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False, server_default=""),
    Column("unit", Text, nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),
    Column("author", Text, nullable=False, server_default=""),
    Column("date", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("deleted_at", Text),
    Column("fingerprint", Text, nullable=False, server_default=""),
    Column("similarity", BigInteger, nullable=False, server_default="0"),
    Column("similar_to", Text),
    Column("provenance", Text, nullable=False, server_default=""),
    Column("title_key", Text, nullable=False, server_default=""),  # revision 0002
    Index("cases_by_date", text("date DESC NULLS LAST"), text("created_at DESC")),
    # Two desktops importing the same file at once: the database, not a prior lookup, refuses the second.
    Index("cases_live_fingerprint", "fingerprint", unique=True,
          postgresql_where=text("deleted_at IS NULL AND fingerprint <> ''")),
)

tags = Table(
    "tags", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("color", Text, nullable=False),
    Column("parent_id", Integer, ForeignKey("tags.id", ondelete="SET NULL")),
    Column("position", Integer, nullable=False, server_default="0"),
)

case_tags = Table(
    "case_tags", metadata,
    Column("case_id", Text, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("case_tags_by_tag", "tag_id"),
)

revisions = Table(
    "revisions", metadata,
    Column("case_id", Text, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("saved_at", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("date", Text),
    Column("tags", Text, nullable=False),
    Column("files_kept", Integer, nullable=False, server_default="0"),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", Text, primary_key=True),
    Column("size", BigInteger, nullable=False),
)

blob_chunks = Table(
    "blob_chunks", metadata,
    Column("sha256", Text, ForeignKey("blobs.sha256", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

attachments = Table(
    "attachments", metadata,
    Column("case_id", Text, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("sha256", Text, ForeignKey("blobs.sha256"), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mime", Text, nullable=False),
    Column("is_original", Integer, primary_key=True, server_default="0"),
    Index("attachments_by_hash", "sha256"),
)

revision_attachments = Table(
    "revision_attachments", metadata,
    Column("case_id", Text, primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("name", Text, primary_key=True),
    Column("sha256", Text, ForeignKey("blobs.sha256"), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("mime", Text, nullable=False),
    Column("is_original", Integer, primary_key=True, server_default="0"),
    ForeignKeyConstraint(["case_id", "number"], ["revisions.case_id", "revisions.number"],
                         ondelete="CASCADE"),
    Index("revision_attachments_by_hash", "sha256"),
)

briefing_series = Table(
    "briefing_series", metadata,
    Column("title", Text, primary_key=True),
    Column("year", Integer, nullable=False),
    Column("last_issue", Integer, nullable=False),
    Column("updated_at", Text, nullable=False),
)

briefings = Table(
    "briefings", metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", Text, nullable=False),
    Column("layout", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("series", Text, nullable=False, server_default=""),
    Column("issue", Integer),
    Column("issue_date", Text, nullable=False),
    Column("options", Text, nullable=False),
    Column("items", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", Text, ForeignKey("blobs.sha256"), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("deleted_at", Text),
)

briefing_uses = Table(
    "briefing_uses", metadata,
    Column("briefing_id", Text, ForeignKey("briefings.id", ondelete="CASCADE"), primary_key=True),
    Column("case_id", Text, primary_key=True),
    Column("whole", Integer, primary_key=True),
    Index("briefing_uses_by_case", "case_id"),
)

# Each person's basket: on a shared server the basket is one user's work in progress.
basket = Table(
    "basket", metadata,
    Column("owner", Text, primary_key=True, server_default=text("current_user")),
    Column("position", Integer, primary_key=True),
    Column("item", Text, nullable=False),
)

# The change feed: one row per case (or taxonomy) change, numbered in commit order.
changes = Table(
    "changes", metadata,
    Column("number", BigInteger, primary_key=True, autoincrement=True),
    Column("case_id", Text),
    Column("kind", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("by_user", Text, nullable=False, server_default=text("current_user")),
)

# The text of a save refused because someone else saved first: kept, never lost.
drafts = Table(
    "drafts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Text, nullable=False),
    Column("based_on", Integer, nullable=False),
    Column("saved_by", Text, nullable=False, server_default=text("current_user")),
    Column("saved_at", Text, nullable=False),
    Column("draft", Text, nullable=False),
)
