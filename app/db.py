"""Engine and the request's session: the only place that commits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings

logger = logging.getLogger("portfolio.db")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            # SQLite ignores foreign keys unless asked, and blocks writers without WAL.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()
            # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT and
            # transactional DDL work (SQLAlchemy's documented pysqlite recipe).
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection) -> None:  # noqa: ANN001
            connection.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


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
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            _voer_uit(session, _BIJ_ROLLBACK)
            raise
        _voer_uit(session, _NA_COMMIT)


# scope="function": commit before the response is sent, so a failed commit is an
# error response and never a success the database did not keep.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
