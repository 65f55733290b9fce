"""Alembic's scripts for the shared archive's schema (run by `archive.backends.server_admin`)."""
