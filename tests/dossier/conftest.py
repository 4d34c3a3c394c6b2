"""Dossier tests: evidence is uploaded, submitted and judged through the API, in a storage folder per test."""

from __future__ import annotations

from tests.beoordeling.conftest import aanbieden, opslag, upload  # noqa: F401 - shared fixtures
