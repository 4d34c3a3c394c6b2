"""Generated requests from the OpenAPI document, as a student and as a beheerder: never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session

from app.main import create_app
from tests import factories

# Bounded so the whole run stays well under a minute per token; derandomized so CI is repeatable.
BEGRENZING = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# The document as /api/v1/openapi.json serves it; each test sends its cases to its own app (test database).
schema = schemathesis.openapi.from_dict(create_app().openapi())


@pytest.fixture
def student_token(db: Session, student) -> str:  # noqa: ANN001
    return factories.create_api_token(db, student)


@pytest.fixture
def beheerder_token(db: Session, beheerder) -> str:  # noqa: ANN001
    return factories.create_api_token(db, beheerder)


def _geen_serverfout(app, case, token: str) -> None:  # noqa: ANN001
    response = case.call(app=app, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"


@schema.parametrize()
@BEGRENZING
def test_als_student_geeft_de_api_nooit_een_serverfout(app, case, student_token: str) -> None:  # noqa: ANN001
    _geen_serverfout(app, case, student_token)


@schema.parametrize()
@BEGRENZING
def test_als_beheerder_geeft_de_api_nooit_een_serverfout(app, case, beheerder_token: str) -> None:  # noqa: ANN001
    _geen_serverfout(app, case, beheerder_token)
