"""Alembic environment of the central store: always runs on the connection hcdesk hands it."""

from alembic import context

from hcdesk.server.db import ServerBase


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=ServerBase.metadata,
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


try:
    context.config  # noqa: B018 - only set while Alembic runs this script
except (
    AttributeError,
    NameError,
):  # imported outside Alembic (a test importing every module): nothing to run
    pass
else:
    run()
