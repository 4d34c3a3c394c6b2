"""Alembic environment: the URL comes from the app's settings, or from a connection handed in."""

from logging.config import fileConfig

from alembic import context

from app.config import get_settings
from app.db import make_engine
from app.models import Base
from app.ops.migrations import VOORTGANG_HERBOUWEN, at_head

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        compare_type=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode recreates tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
        if config.attributes.pop(VOORTGANG_HERBOUWEN, False):
            _herbouw_voortgang(connection)


def _herbouw_voortgang(connection) -> None:  # noqa: ANN001
    """A migration asked for it: rebuild the stored progress with today's code, in the same transaction, once the
    schema is at head; an upgrade that stops earlier leaves it to `portfolio voortgang herbouw` after the rest."""
    if not at_head(connection):
        print("De opgeslagen voortgang wordt herbouwd na de laatste migratie (portfolio voortgang herbouw).")  # noqa: T201
        return
    from sqlalchemy.orm import Session

    from app.voortgang import stand

    session = Session(bind=connection)
    stand.herbouw(session)
    session.flush()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(get_settings().database_url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
