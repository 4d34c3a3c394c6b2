"""Test database on the migrated schema; each test runs inside a transaction that is rolled back.

SQLite by default (a file in a temporary folder); PostgreSQL when
PORTFOLIO_TEST_DATABASE_URL is given (its schema is wiped and migrated once). Under pytest-xdist (as
`make test` runs) each worker process has its own database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

_tmp = Path(tempfile.mkdtemp(prefix="portfolio-test-"))


def _database_url() -> str:
    """SQLite in this process's temporary folder, or the given PostgreSQL database; under pytest-xdist each
    worker process gets a database of its own beside it (test_gw0, test_gw1, …), created when missing."""
    gegeven = os.environ.get("PORTFOLIO_TEST_DATABASE_URL")
    if not gegeven:
        return f"sqlite:///{_tmp / 'test.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return gegeven
    url = make_url(gegeven)
    eigen = url.set(database=f"{url.database}_{worker}")
    beheer = create_engine(url, isolation_level="AUTOCOMMIT")
    with beheer.connect() as verbinding:
        bestaat = verbinding.scalar(text("SELECT 1 FROM pg_database WHERE datname = :naam"), {"naam": eigen.database})
        if not bestaat:
            verbinding.execute(text(f'CREATE DATABASE "{eigen.database}"'))
    beheer.dispose()
    return eigen.render_as_string(hide_password=False)


TEST_DATABASE_URL = _database_url()
os.environ["PORTFOLIO_DATABASE_URL"] = TEST_DATABASE_URL
os.environ["PORTFOLIO_ENVIRONMENT"] = "test"
os.environ["PORTFOLIO_SECRET_KEY"] = "test-secret-key-" + "x" * 32
os.environ["PORTFOLIO_STORAGE_DIR"] = str(_tmp / "bestanden")
os.environ["PORTFOLIO_AUDIT_CHECKPOINT_DIR"] = str(_tmp / "audit")
os.environ["PORTFOLIO_OB_SLEUTELMAP"] = str(_tmp / "sleutels")
# No job thread in the served test apps: a test runs the queue itself when it means to (tests/taken).
os.environ["PORTFOLIO_TAKEN_IN_PROCES"] = "false"
# Nobody runs the queue during a dossier export, so it renders its summary itself at once (tests/dossier).
os.environ["PORTFOLIO_DOSSIER_PDF_WACHT_SECONDEN"] = "0"

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import Connection, Engine, event  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from app import tijd  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import get_engine  # noqa: E402
from app.kwalificaties import service as kwalificaties  # noqa: E402
from app.main import create_app  # noqa: E402
from app.ops.migrations import upgrade_to_head  # noqa: E402
from app.voortgang import bijhouden, stand  # noqa: E402


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


@pytest.fixture(autouse=True)
def audit_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkpoint file per test: a checkpoint of a rolled-back test's records must not outlive it."""
    map_ = tmp_path / "audit"
    monkeypatch.setattr(get_settings(), "audit_checkpoint_dir", map_)
    return map_


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
def app(db_sessionmaker: sessionmaker[Session], db: Session):  # noqa: ANN201
    app = create_app()

    def sessie() -> Session:
        # Test set-ups flush rather than commit: the stored progress of what the test made so far is
        # brought up to date before the app reads (the app's own sessions do that at their commit).
        # That is the test's own work, so a query count leaves it out.
        verbinding = db.connection()
        verbinding.info[OPBOUW] = True
        try:
            bijhouden.verwerk(db)
        finally:
            verbinding.info.pop(OPBOUW, None)
        return db_sessionmaker()

    app.state.sessionmaker = sessie
    return app


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


# Marks the connection while the harness itself works on it (bringing the stored progress up to date).
OPBOUW = "test_opbouw"


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        # Savepoints belong to the test harness's rolled-back transaction, not to the app.
        if "SAVEPOINT" not in statement and not conn.info.get(OPBOUW):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __enter__(self) -> QueryCounter:
        # Count only what happens inside the block, not the test's own set-up.
        self.statements.clear()
        return self

    def __exit__(self, *_exc) -> None:  # noqa: ANN002
        pass


@pytest.fixture
def count_queries(connection: Connection) -> Iterator[QueryCounter]:
    """Counts the SQL statements the app sends while the test runs."""
    counter = QueryCounter()
    event.listen(connection, "before_cursor_execute", counter)
    yield counter
    event.remove(connection, "before_cursor_execute", counter)


# Personas (STYLE.md): need-to-know tests read as sentences about them.
import datetime as dt  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from sqlalchemy import delete, update  # noqa: E402

from app.models import Bewijsstuk, DossierSamenvatting, Gebruiker, Inlogpoging, Rol, Sessie  # noqa: E402
from app.toegang import sessies  # noqa: E402
from tests import factories  # noqa: E402


@pytest.fixture
def student(db):  # noqa: ANN001, ANN201
    student = factories.create_gebruiker(db, Rol.student, naam="Sanne Student")
    factories.create_inschrijving(db, student)
    return student


@pytest.fixture
def andere_student(db):  # noqa: ANN001, ANN201
    andere = factories.create_gebruiker(db, Rol.student, naam="Ahmed Anderestudent")
    factories.create_inschrijving(db, andere)
    return andere


@pytest.fixture
def praktijkbegeleider(db, student):  # noqa: ANN001, ANN201
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Pieter Praktijkbegeleider")
    factories.create_begeleiding(db, begeleider, student)
    return begeleider


@pytest.fixture
def andere_praktijkbegeleider(db, andere_student):  # noqa: ANN001, ANN201
    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Anke Anderebegeleider")
    factories.create_begeleiding(db, begeleider, andere_student)
    return begeleider


@pytest.fixture
def oud_praktijkbegeleider(db, student):  # noqa: ANN001, ANN201
    """Supervised the student until last month; access ended with the begeleiding."""
    import datetime as dt

    begeleider = factories.create_gebruiker(db, Rol.praktijkbegeleider, naam="Olga Oudbegeleider")
    vandaag = tijd.vandaag()
    factories.create_begeleiding(
        db, begeleider, student, van=vandaag - dt.timedelta(days=200), tot=vandaag - dt.timedelta(days=30)
    )
    return begeleider


@pytest.fixture
def examencommissielid(db):  # noqa: ANN001, ANN201
    return factories.create_gebruiker(db, Rol.examencommissie, naam="Eva Examencommissie")


@pytest.fixture
def beheerder(db):  # noqa: ANN001, ANN201
    return factories.create_gebruiker(db, Rol.beheerder, naam="Bram Beheerder")


@pytest.fixture
def als(client, db):  # noqa: ANN001, ANN201
    """`als(persoon)` logs the test client in as that persona and returns it."""
    return lambda persoon: factories.login(client, db, persoon)


# Real commits on separate connections, for races: the `db`/`client` fixtures above run
# inside one rolled-back transaction, which can never show what two requests do at once.


@dataclass
class EchteApp:
    """The app on a live uvicorn server, bound to the real engine: every request commits on its own connection."""

    url: str
    engine: Engine
    _clients: list[httpx.Client] = field(default_factory=list)
    _personen: list[int] = field(default_factory=list)
    _begin: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))

    def persoon(self, *rollen: Rol, naam: str | None = None) -> Gebruiker:
        """A committed persona with a unique e-mail address; a student is enrolled on Wijkagent N6."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            persoon = factories.create_gebruiker(
                session, *rollen, naam=naam, email=f"{secrets.token_hex(6)}@echt.example.nl"
            )
            if Rol.student in rollen:
                factories.create_inschrijving(session, persoon, factories.create_cohort(session, secrets.token_hex(6)))
        self._personen.append(persoon.id)
        return persoon

    def client(self, persoon: Gebruiker | None = None) -> httpx.Client:
        """A client of its own (cookies and all), logged in as `persoon` with a committed session."""
        client = httpx.Client(base_url=self.url, timeout=60)
        self._clients.append(client)
        if persoon is not None:
            with Session(self.engine) as session, session.begin():
                token, sessie = sessies.start(session, session.get(Gebruiker, persoon.id))
                csrf = sessie.csrf_token
            client.cookies.set(sessies.COOKIE, token)
            client.headers["X-CSRF-Token"] = csrf
        return client

    def sessie(self) -> Session:
        """A fresh session on the real engine, to look at what the requests committed."""
        return Session(self.engine)

    def opruimen(self) -> None:
        for client in self._clients:
            client.close()
        with Session(self.engine) as session, session.begin():
            # Failed logins from 127.0.0.1 would throttle the tests that log in after this one.
            session.execute(delete(Inlogpoging).where(Inlogpoging.tijd >= self._begin))
            # Accounts stay (audit records refer to them, and the trail is append-only); what they made goes.
            ids = self._personen
            session.execute(delete(Bewijsstuk).where(Bewijsstuk.student_id.in_(ids)))
            session.execute(delete(DossierSamenvatting).where(DossierSamenvatting.student_id.in_(ids)))
            stand.bijwerken(session, ids)  # bulk deletes pass by the hook that keeps the stored progress
            session.execute(delete(Sessie).where(Sessie.gebruiker_id.in_(ids)))
            session.execute(update(Gebruiker).where(Gebruiker.id.in_(ids)).values(actief=False))


@contextmanager
def serveer(app: FastAPI) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 with a free port, by uvicorn in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="echte-server")
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the live server did not start on {url}")
        time.sleep(0.02)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def echte_server(engine: Engine) -> Iterator[str]:
    """The app bound to the real engine, on a live server for the whole test session."""
    with serveer(create_app()) as url:
        yield url


@pytest.fixture
def echte_app(echte_server: str, engine: Engine) -> Iterator[EchteApp]:
    """Requests that really commit, each on its own connection; what the personas made is removed afterwards."""
    echt = EchteApp(echte_server, engine)
    try:
        yield echt
    finally:
        echt.opruimen()


def _commits_echt(item: pytest.Item) -> bool:
    return item.nodeid.startswith("tests/browser/") or "echte_app" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests, tests on the real engine and tests marked `commits` last: they commit data
    (accounts, cohorts, audit records) that the rolled-back tests, which count rows, must not see."""
    items.sort(key=lambda item: _commits_echt(item) or bool(item.get_closest_marker("commits")))
