#!/usr/bin/env bash
# Installs what TigerBridge needs on a fresh Debian machine, then creates .venv with the
# project and its test dependencies. Idempotent: tools already present are left alone, and
# a stamp file records the pyproject.toml the venv was built from.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
STAMP=.venv/.installed

# command -> Debian package: Java and Maven build the embedded HAPI server, Go builds the
# compose-file checker used by the tests (its go.mod may ask for a newer toolchain, which
# Go fetches from the module proxy), curl probes the servers.
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v curl >/dev/null 2>&1 || missing+=(curl)
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi

if [ -f "$STAMP" ] && cmp -s "$STAMP" pyproject.toml; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
cp pyproject.toml "$STAMP"
