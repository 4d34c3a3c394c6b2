"""Health and readiness probes, and the request log."""

from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.main import create_app
from app.ops.migrations import at_head


def test_healthz_says_the_process_is_alive(client) -> None:  # noqa: ANN001
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ok_on_a_migrated_database(engine) -> None:  # noqa: ANN001
    with TestClient(create_app()) as client:
        response = client.get("/readyz")
    assert response.status_code == 200


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path) -> None:  # noqa: ANN001
    app = create_app()
    app.state.engine = create_engine(f"sqlite:///{tmp_path}/nope/missing.db")
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503


def test_readyz_is_503_when_migrations_are_behind(tmp_path) -> None:  # noqa: ANN001
    app = create_app()
    app.state.engine = create_engine(f"sqlite:///{tmp_path}/empty.db")
    with app.state.engine.connect() as connection:
        assert not at_head(connection)
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "migraties niet bijgewerkt"


def test_readyz_is_503_when_the_file_store_does_not_answer(engine) -> None:  # noqa: ANN001
    from app.opslag import get_storage
    from app.opslag.s3 import S3Storage, _client

    app = create_app()
    # Nothing listens on port 9 of loopback: the store cannot be reached.
    weg = S3Storage(_client("http://127.0.0.1:9", "eu-west-1"), "bewijsstukken")
    app.dependency_overrides[get_storage] = lambda: weg
    with TestClient(app) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "opslag onbereikbaar", "database": "ok", "opslag": "onbereikbaar"}


def test_readyz_reports_the_file_store(engine) -> None:  # noqa: ANN001
    with TestClient(create_app()) as client:
        assert client.get("/readyz").json()["opslag"] == "ok"


def test_every_request_is_logged_as_one_json_line(client, caplog) -> None:  # noqa: ANN001
    with caplog.at_level(logging.INFO, logger="portfolio.request"):
        response = client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "portfolio.request")
    assert record.fields["path"] == "/healthz"
    assert record.fields["status"] == 200
    assert record.fields["request_id"] == response.headers["x-request-id"]
    from app.ops.logging import JsonFormatter

    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and "duration_ms" in line
