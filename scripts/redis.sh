#!/usr/bin/env bash
# Debian's redis-server on loopback with its data inside the repo (.var/redis).
# appendonly keeps queued Celery work across restarts; noeviction makes Redis refuse
# writes rather than silently drop queued tasks when memory runs out.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${REDIS_PORT:-6379}"
DIR="${REDIS_DATA_DIR:-$ROOT/.var/redis}"
PIDFILE="$DIR/redis.pid"

ensure_installed() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server missing: installing Debian's package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q redis-server >/dev/null
  fi
}

ping() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

start() {
  ensure_installed
  if ping; then echo "redis already answering on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --dir "$DIR" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --daemonize yes --pidfile "$PIDFILE" --logfile "$DIR/redis.log" --save "60 1"
  for _ in $(seq 1 100); do ping && { echo "redis up on 127.0.0.1:$PORT"; return 0; }; sleep 0.1; done
  echo "redis did not answer on 127.0.0.1:$PORT; see $DIR/redis.log" >&2
  return 1
}

stop() {
  if ping; then redis-cli -h 127.0.0.1 -p "$PORT" shutdown >/dev/null 2>&1 || true; fi
  for _ in $(seq 1 100); do ping || { echo "redis stopped"; return 0; }; sleep 0.1; done
  echo "redis did not stop" >&2
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) ping && echo "redis up on 127.0.0.1:$PORT" || { echo "redis down"; exit 1; } ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 2 ;;
esac
