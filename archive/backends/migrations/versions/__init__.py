"""Alembic revisions of the shared schema, one per file (a package so that installs ship them)."""
