"""docker-compose.yml stays a valid Compose file whose settings match integrations/settings.py.

No Docker engine runs here, so the file is loaded with compose-go (the parser and schema
`docker compose config` uses), built from the Go module proxy by this test.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from integrations.settings import Settings
from tests.conftest import ROOT

CHECKER_SRC = ROOT / "tests" / "compose_check"
ENV = {"TIGERBRIDGE_WEBHOOK_SECRET": "s", "TIGERBRIDGE_API_TOKEN": "t", "HAPI_DB_PASSWORD": "p"}


@pytest.fixture(scope="module")
def checker(tmp_path_factory) -> Path:
    go = shutil.which("go")
    assert go, "the Go toolchain is needed to check docker-compose.yml"
    binary = tmp_path_factory.mktemp("compose") / "compose_check"
    subprocess.run([go, "build", "-o", str(binary), "."], cwd=CHECKER_SRC, check=True)
    return binary


def _load(checker: Path, path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **ENV}
    return subprocess.run([str(checker), str(path)], capture_output=True, text=True, env=env)


def test_compose_file_loads_with_every_service(checker: Path) -> None:
    result = _load(checker, ROOT / "docker-compose.yml")
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)
    assert set(services) == {"postgres", "hapi", "redis", "tgi", "api", "worker"}


def test_compose_environment_names_are_settings_fields(checker: Path) -> None:
    services = json.loads(_load(checker, ROOT / "docker-compose.yml").stdout)
    fields = {f"TIGERBRIDGE_{name.upper()}" for name in Settings.model_fields}
    for name in ("api", "worker"):
        ours = {key for key in services[name] if key.startswith("TIGERBRIDGE_")}
        assert ours and ours <= fields, ours - fields
    assert services["api"]["TIGERBRIDGE_LLM_MODEL"] == "TigerResearch/SoftTiger-13b"


def test_a_broken_compose_file_is_refused(checker: Path, tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    broken.write_text("services:\n  api:\n    image: x\n    ports: 8000\n    restart: sometimes\n")
    assert _load(checker, broken).returncode != 0
