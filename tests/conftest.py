"""Test database on the migrated schema; each test runs inside a transaction that is rolled back.

SQLite by default (a file in a temporary folder); PostgreSQL when
PORTFOLIO_TEST_DATABASE_URL is given (its schema is wiped and migrated once).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="portfolio-test-"))
TEST_DATABASE_URL = os.environ.get("PORTFOLIO_TEST_DATABASE_URL") or f"sqlite:///{_tmp / 'test.db'}"
os.environ["PORTFOLIO_DATABASE_URL"] = TEST_DATABASE_URL
os.environ["PORTFOLIO_ENVIRONMENT"] = "test"
os.environ["PORTFOLIO_SECRET_KEY"] = "test-secret-key-" + "x" * 32
os.environ["PORTFOLIO_STORAGE_DIR"] = str(_tmp / "bestanden")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Connection, Engine, event, text  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from app.db import get_engine  # noqa: E402
from app.kwalificaties import service as kwalificaties  # noqa: E402
from app.main import create_app  # noqa: E402
from app.ops.migrations import upgrade_to_head  # noqa: E402


def _wipe_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        _wipe_postgres(engine)
    upgrade_to_head(engine)
    with Session(engine) as session, session.begin():
        kwalificaties.laad_meegeleverde(session)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def db_sessionmaker(connection: Connection) -> sessionmaker[Session]:
    # Commits inside the app become savepoint releases; the outer transaction is rolled back.
    return sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")


@pytest.fixture
def db(db_sessionmaker: sessionmaker[Session]) -> Iterator[Session]:
    with db_sessionmaker() as session:
        yield session


@pytest.fixture
def app(db_sessionmaker: sessionmaker[Session]):  # noqa: ANN201
    app = create_app()
    app.state.sessionmaker = db_sessionmaker
    return app


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        # Savepoints belong to the test harness's rolled-back transaction, not to the app.
        if "SAVEPOINT" not in statement:
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(connection: Connection) -> Iterator[QueryCounter]:
    """Counts the SQL statements the app sends while the test runs."""
    counter = QueryCounter()
    event.listen(connection, "before_cursor_execute", counter)
    yield counter
    event.remove(connection, "before_cursor_execute", counter)
