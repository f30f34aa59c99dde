"""Shared fixtures. Integration tests use the real HAPI FHIR server and Redis; when they are
not running, the fixtures start them with the project's own scripts (as `make test` does),
and a server that still does not answer fails the test rather than skipping it."""
from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import httpx
import pytest
import redis

from integrations.fhir.server import FhirServer
from integrations.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]


def _fhir_up(base: str) -> bool:
    try:
        return httpx.get(f"{base}/metadata", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def fhir_base_url() -> str:
    base = get_settings().fhir_base_url.rstrip("/")
    if not _fhir_up(base):
        subprocess.run([str(ROOT / "scripts/services.sh"), "up"], check=True)
    assert _fhir_up(base), f"HAPI FHIR server not answering at {base}"
    return base


@pytest.fixture(scope="session")
def fhir(fhir_base_url: str) -> FhirServer:
    with FhirServer(fhir_base_url) as server:
        yield server


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = get_settings().redis_url
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        subprocess.run([str(ROOT / "scripts/redis.sh"), "start"], check=True)
    return url


@pytest.fixture
def unique() -> str:
    """A fresh token so tests never collide with data left by earlier runs on the same DB."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
def patient(fhir: FhirServer, unique: str) -> dict:
    return fhir.create(
        {
            "resourceType": "Patient",
            "identifier": [{"system": "urn:tigerbridge:test", "value": unique}],
            "name": [{"family": "Testpatient", "given": ["Tiger"]}],
            "gender": "female",
            "birthDate": "1967-04-02",
        }
    )
