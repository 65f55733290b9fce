"""Alembic revisions of the SQLite archive: one per numbered step of `archive.migrations`."""
