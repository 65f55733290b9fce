"""Alembic scripts of both archives (run by `archive.backends.upgrades`): the shared schema in
`versions`, the SQLite archive's numbered steps in `sqlite`."""
