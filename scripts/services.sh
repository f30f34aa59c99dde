#!/usr/bin/env bash
# Starts (up) or stops (down) the local stack: Redis and the HAPI FHIR server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in
  up)
    "$ROOT/scripts/redis.sh" start
    "$ROOT/scripts/hapi.sh" build
    "$ROOT/scripts/hapi.sh" start
    ;;
  down)
    "$ROOT/scripts/hapi.sh" stop || true
    "$ROOT/scripts/redis.sh" stop || true
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
