#!/usr/bin/env bash
# Creates .venv and installs TigerBridge with its test dependencies. Idempotent: a stamp
# file records the pyproject.toml it installed, so a second run costs nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
STAMP=.venv/.installed

if [ -f "$STAMP" ] && cmp -s "$STAMP" pyproject.toml; then
  exit 0
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "python venv module missing: installing Debian's python3-venv" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv >/dev/null
    "$PYTHON" -m venv .venv
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
cp pyproject.toml "$STAMP"
