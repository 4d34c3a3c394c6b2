"""Engine and the request's session: the only place that commits.

A request holds a database connection only while it talks to the database: the
session checks one out at its first statement, and `tussentijds_vastleggen` gives
it back before slow work (a body streaming in, argon2), so a full thread pool can
never wait for a pool that slow requests hold.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from functools import lru_cache
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from sqlalchemy import Engine, Executable, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from app.config import Settings, get_settings
from app.errors import DomainError

logger = logging.getLogger("portfolio.db")

# Execution option that makes SQLite open the transaction with BEGIN IMMEDIATE.
_SQLITE_SCHRIJVEN = "portfolio_sqlite_schrijven"
_VEILIGE_METHODES = {"GET", "HEAD", "OPTIONS"}


def make_engine(url: str, settings: Settings | None = None) -> Engine:
    settings = settings or get_settings()
    pool = {
        "pool_size": settings.pool_grootte,
        "max_overflow": settings.db_max_overflow,
        "pool_timeout": settings.db_pool_timeout,
    }
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        else:
            pool = {}  # an in-memory database lives in one connection
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            # SQLite ignores foreign keys unless asked; WAL lets readers go on while one writer writes,
            # and the busy timeout makes a second writer wait for the first instead of failing.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={settings.sqlite_busy_timeout_ms}")
            cursor.close()
            # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT and
            # transactional DDL work (SQLAlchemy's documented pysqlite recipe).
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:  # noqa: ANN001
            # A writer takes the write lock at BEGIN. A deferred transaction that reads first and
            # writes later cannot wait for the lock: SQLite fails it at once ("database is locked")
            # when another writer committed since its read. Readers stay deferred and never wait.
            immediate = connection.get_execution_options().get(_SQLITE_SCHRIJVEN)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    connect_args = {}
    if url.startswith("postgresql"):
        # No JIT: every query here is a short index lookup, and the planner's estimate for the inbox's
        # nested anti-joins passes jit_above_cost, so compiling took longer (25–360 ms) than running it.
        # Custom plans only: psycopg prepares a statement from its fifth run, and PostgreSQL's generic plan
        # for it cannot see the values. For a search ("contains 'jans'" among 10,000 students with the role
        # student) that plan walked every student (64 ms) where the plan for the values takes 8 ms; planning
        # each time costs well under a millisecond for queries like ours.
        connect_args["options"] = "-c jit=off -c plan_cache_mode=force_custom_plan"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **pool)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    maker = sessionmaker(bind=engine, expire_on_commit=False)
    if engine.dialect.name == "sqlite":
        # SQLite has one writer at a time and lets waiting writers poll for the lock, so under
        # load a writer can lose every round to newcomers. Writers of this process queue on a
        # lock of their own instead; the busy timeout is left for other processes.
        slot = threading.Lock()
        event.listen(maker, "do_orm_execute", lambda state: _begin_als_schrijver(state.session, slot))
        event.listen(maker, "before_flush", lambda session, *_: _begin_als_schrijver(session, slot))
        event.listen(maker, "after_transaction_end", _transactie_voorbij)
    return maker


_SCHRIJVER = "schrijver"
_SLOT = "schrijfslot"


def _begin_als_schrijver(session: Session, slot: threading.Lock) -> None:
    """The first statement of a writing request's transaction opens it as the writer (SQLite only)."""
    if not session.info.get(_SCHRIJVER) or _SLOT in session.info:
        return
    if not slot.acquire(timeout=get_settings().sqlite_busy_timeout_ms / 1000):
        raise Bezet()
    session.info[_SLOT] = slot
    try:
        session.connection(execution_options={_SQLITE_SCHRIJVEN: True})
    except BaseException:
        session.info.pop(_SLOT).release()
        raise


def _transactie_voorbij(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and (slot := session.info.pop(_SLOT, None)) is not None:
        slot.release()


@contextmanager
def alleen_lezen(session: Session) -> Iterator[None]:
    """The transaction begun in this block only reads: on SQLite it need not wait for the writer.

    End it inside the block (`tussentijds_vastleggen`); the request's next transaction writes again.
    """
    schrijver = session.info.pop(_SCHRIJVER, None)
    try:
        yield
    finally:
        if schrijver:
            session.info[_SCHRIJVER] = schrijver


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Threads and connections sized together: the pool has a connection for every thread that runs a request."""
    to_thread.current_default_thread_limiter().total_tokens = get_settings().threads
    _bevries_opstartobjecten()
    yield


_BEVROREN = False


def _bevries_opstartobjecten() -> None:
    """Move what exists at start-up (modules, the app, its routes, SQLAlchemy's metadata) out of the collector's way.

    A list page builds tens of thousands of small objects (rows, facts, statuses); each full garbage
    collection they trigger would otherwise walk every start-up object again, a third of the CPU time of
    200 students' progress. Once per process: what later becomes garbage is still collected.
    """
    global _BEVROREN
    if not _BEVROREN:
        _BEVROREN = True
        gc.collect()
        gc.freeze()


def tussentijds_vastleggen(session: Session) -> None:
    """Commit what the request has written so far and give the connection back to the pool.

    For the moments a request must wait without holding a connection: after
    authentication (before a body streams in) and around argon2. What was written
    before stands on its own (a login attempt counts even if the request later fails).
    Loaded objects stay usable; the next statement checks out a connection again.
    """
    session.commit()


def als_schrijver(session: Session) -> Session:
    """A session outside a request (a worker) that writes: on SQLite its transactions open as the writer."""
    session.info[_SCHRIJVER] = True
    return session


def schrijft_voortaan(session: Session) -> None:
    """A GET that writes after all (the audit record of an export): its next transaction opens as the writer.

    The reading transaction ends first, so on SQLite the write never meets a snapshot that
    another writer has moved past ("database is locked"); it queues for the lock instead.
    """
    session.commit()
    session.info[_SCHRIJVER] = True


class Bezet(DomainError):
    """Another request held the rows (or every connection) this one needed for too long; nothing was changed."""

    status_code = 503

    def __init__(self) -> None:
        super().__init__("Het is nu erg druk. Er is niets gewijzigd; probeer het over een paar seconden opnieuw.")


def _is_wachtfout(fout: DBAPIError) -> bool:
    """A lock that could not be had in time: SQLite's busy timeout, PostgreSQL's deadlock or lock timeout."""
    code = getattr(fout.orig, "sqlstate", None)
    return code in {"40001", "40P01", "55P03"} or "database is locked" in str(fout.orig)


_BIJ_ROLLBACK = "bij_rollback"
_NA_COMMIT = "na_commit"


def bij_rollback(session: Session, actie: Callable[[], None]) -> None:
    """Run `actie` if the request's transaction is rolled back, e.g. remove a file stored for it.

    Only `get_session` runs these hooks; a session opened elsewhere (a command) ignores them,
    which at worst leaves an orphan file for `portfolio storage check`.
    """
    session.info.setdefault(_BIJ_ROLLBACK, []).append(actie)


def na_commit(session: Session, actie: Callable[[], None]) -> None:
    """Run `actie` once the request's transaction is committed, e.g. remove a file no row refers to any more."""
    session.info.setdefault(_NA_COMMIT, []).append(actie)


def weiger(session: Session) -> None:
    """A use case said no and the endpoint shows the form again: undo everything the request wrote.

    Endpoints that catch a DomainError to re-render a page call this, so a refused
    form never leaves half its work behind (rows, audit records or stored files).
    """
    session.rollback()
    _voer_uit(session, _BIJ_ROLLBACK)


def terloops_na_commit(session: Session, statement: Executable) -> None:
    """A write that may be skipped (e.g. "last seen"), run after the request's commit in a transaction of its own.

    It waits at most a moment for a lock and never fails or holds up the request:
    when the row is busy, the next request writes it instead.
    """

    def uitvoeren() -> None:
        postgres = session.get_bind().dialect.name == "postgresql"
        # Not queued as the request's writer (alleen_lezen): on SQLite it tries the lock for 100 ms.
        with alleen_lezen(session):
            _terloops(session, statement, postgres)

    na_commit(session, uitvoeren)


def _terloops(session: Session, statement: Executable, postgres: bool) -> None:
    try:
        verbinding = session.connection()
        if postgres:
            verbinding.exec_driver_sql("SET LOCAL lock_timeout = '100ms'")
        else:
            verbinding.exec_driver_sql("PRAGMA busy_timeout=100")
        try:
            session.execute(statement)
        finally:
            if not postgres:
                verbinding.exec_driver_sql(f"PRAGMA busy_timeout={get_settings().sqlite_busy_timeout_ms}")
        session.commit()
    except DBAPIError as fout:
        session.rollback()
        logger.info("terloopse schrijfactie overgeslagen: %s", fout.orig)


def _voer_uit(session: Session, soort: str) -> None:
    acties = session.info.get(soort, [])
    session.info.pop(_BIJ_ROLLBACK, None)
    session.info.pop(_NA_COMMIT, None)
    for actie in acties:
        try:
            actie()
        except Exception:  # clean-up is best effort: `portfolio storage check` reports what is left
            logger.exception("opruimen na %s mislukt", soort)


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; commits when the endpoint returns, rolls back on error."""
    with request.app.state.sessionmaker() as session:
        if request.method not in _VEILIGE_METHODES:
            session.info[_SCHRIJVER] = True
        try:
            yield session
            session.commit()
        except (DBAPIError, PoolTimeout) as fout:
            session.rollback()
            _voer_uit(session, _BIJ_ROLLBACK)
            if isinstance(fout, PoolTimeout) or _is_wachtfout(fout):
                logger.warning("verzoek gaf het op na wachten op de database: %s", fout)
                raise Bezet() from fout
            raise
        except Exception:
            session.rollback()
            _voer_uit(session, _BIJ_ROLLBACK)
            raise
        _voer_uit(session, _NA_COMMIT)


# scope="function": commit before the response is sent, so a failed commit is an
# error response and never a success the database did not keep.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
