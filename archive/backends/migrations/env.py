"""Alembic environment: always online, on the connection `upgrades.upgrade` hands over."""

from alembic import context


def run_migrations() -> None:
    context.configure(connection=context.config.attributes["connection"], transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


# Alembic runs this file with its context set up; a scan that imports every module (the install
# test) imports it without one, and must find nothing to do.
if hasattr(context, "config"):
    run_migrations()
