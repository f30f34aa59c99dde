"""Redis answers, and what is written survives a restart (appendonly persistence)."""
from __future__ import annotations

import subprocess

import pytest
import redis

from tests.conftest import ROOT

pytestmark = pytest.mark.servers


def test_redis_answers(redis_url: str) -> None:
    assert redis.Redis.from_url(redis_url).ping() is True


def test_redis_config_protects_queued_work(redis_url: str) -> None:
    config = redis.Redis.from_url(redis_url).config_get("*")
    assert config["appendonly"] == "yes"
    assert config["maxmemory-policy"] == "noeviction"
    assert config["bind"].startswith("127.0.0.1")


def test_value_survives_a_redis_restart(redis_url: str, unique: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set(f"tigerbridge:test:{unique}", "kept")
    subprocess.run([str(ROOT / "scripts/redis.sh"), "restart"], check=True)
    assert redis.Redis.from_url(redis_url).get(f"tigerbridge:test:{unique}") == b"kept"
    client.delete(f"tigerbridge:test:{unique}")
