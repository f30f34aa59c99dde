#!/usr/bin/env bash
# Build, start, wait for, stop and report on TigerBridge's local HAPI FHIR R4 server
# (integrations/hapi_server: a Spring Boot jar assembled from Maven Central, H2 file database).
#
#   scripts/hapi.sh build    build the jar if it is missing or older than its sources
#   scripts/hapi.sh start    build if needed, start in the background, wait until ready
#   scripts/hapi.sh wait     wait until /fhir/metadata answers 200 and the validator is warm
#   scripts/hapi.sh stop     stop the server started by `start`
#   scripts/hapi.sh restart  stop, then start
#   scripts/hapi.sh status   print whether it runs and answers
#
# Environment:
#   HAPI_PORT            port on 127.0.0.1 (default 8080)
#   HAPI_DATA_DIR        H2 database directory (default <repo>/.var/hapi/db)
#   HAPI_START_TIMEOUT   seconds `wait` waits in total (default 300)
#   HAPI_JAVA_OPTS       JVM options (default: -XX:TieredStopAtLevel=1 -Xmx1536m)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT="$ROOT/integrations/hapi_server"
JAR="$PROJECT/target/hapi-server.jar"
STATE_DIR="$ROOT/.var/hapi"
PID_FILE="$STATE_DIR/hapi.pid"
LOG_FILE="$STATE_DIR/hapi.log"

export HAPI_PORT="${HAPI_PORT:-8080}"
export HAPI_DATA_DIR="${HAPI_DATA_DIR:-$STATE_DIR/db}"
HAPI_START_TIMEOUT="${HAPI_START_TIMEOUT:-300}"
# C1 only: HAPI's start-up is dominated by one-off class loading, where C2 compiles cost more than they save.
HAPI_JAVA_OPTS="${HAPI_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xmx1536m}"

BASE_URL="http://127.0.0.1:$HAPI_PORT"

log() { printf 'hapi.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# HTTP status of a GET, "000" when nothing answers. curl if present, else python3 (always present).
http_status() {
	local url="$1"
	if command -v curl >/dev/null 2>&1; then
		curl -s -o /dev/null -m 10 -w '%{http_code}' "$url" 2>/dev/null || true
	else
		python3 - "$url" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
        print(r.status, end="")
except urllib.error.HTTPError as e:
    print(e.code, end="")
except Exception:
    print("000", end="")
PY
	fi
}

pid_alive() {
	[[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

cmd_build() {
	command -v java >/dev/null 2>&1 || die "java not found (JDK 17 needed)"
	command -v mvn >/dev/null 2>&1 || die "mvn not found (Maven 3.8+ needed)"
	if [[ -f "$JAR" ]] && [[ -z "$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$JAR" -print -quit)" ]]; then
		log "jar is up to date: $JAR"
		return 0
	fi
	log "building $JAR (a cold ~/.m2 first downloads ~360 MB from Maven Central)"
	local start=$SECONDS
	mvn -B -q -f "$PROJECT/pom.xml" package -DskipTests
	[[ -f "$JAR" ]] || die "build finished but $JAR is missing"
	log "built in $((SECONDS - start)) s"
}

cmd_wait() {
	local start=$SECONDS deadline=$((SECONDS + HAPI_START_TIMEOUT)) code
	while :; do
		code="$(http_status "$BASE_URL/fhir/metadata")"
		[[ "$code" == 200 ]] && break
		if [[ -f "$PID_FILE" ]] && ! pid_alive; then
			tail -n 40 "$LOG_FILE" >&2 || true
			die "server process $(cat "$PID_FILE") exited before answering; log: $LOG_FILE"
		fi
		((SECONDS < deadline)) || die "no 200 from $BASE_URL/fhir/metadata after ${HAPI_START_TIMEOUT} s (last: $code); log: $LOG_FILE"
		sleep 1
	done
	log "metadata answered after $((SECONDS - start)) s"
	# /ready is 503 until the validator warm-up is done. 404 means some other FHIR server owns
	# the port (no warm-up to wait for).
	while :; do
		code="$(http_status "$BASE_URL/ready")"
		[[ "$code" == 200 || "$code" == 404 ]] && break
		((SECONDS < deadline)) || die "validator warm-up not done after ${HAPI_START_TIMEOUT} s; log: $LOG_FILE"
		sleep 1
	done
	log "ready (validator warm) after $((SECONDS - start)) s at $BASE_URL/fhir"
}

cmd_start() {
	if [[ "$(http_status "$BASE_URL/fhir/metadata")" == 200 ]]; then
		log "already answering at $BASE_URL/fhir"
		cmd_wait
		return 0
	fi
	if pid_alive; then
		log "already starting (pid $(cat "$PID_FILE"))"
		cmd_wait
		return 0
	fi
	cmd_build
	mkdir -p "$STATE_DIR" "$HAPI_DATA_DIR"
	[[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
	log "starting on port $HAPI_PORT, database $HAPI_DATA_DIR, log $LOG_FILE"
	# setsid + nohup: the server outlives this shell and its terminal (CI steps, test fixtures).
	# shellcheck disable=SC2086  # HAPI_JAVA_OPTS is a list of options
	(cd "$ROOT" && exec setsid nohup java $HAPI_JAVA_OPTS -jar "$JAR" >"$LOG_FILE" 2>&1 </dev/null) &
	echo $! >"$PID_FILE"
	cmd_wait
}

cmd_stop() {
	if ! pid_alive; then
		rm -f "$PID_FILE"
		log "not running (no live pid in $PID_FILE)"
		return 0
	fi
	local pid
	pid="$(cat "$PID_FILE")"
	log "stopping pid $pid"
	kill -TERM "$pid" 2>/dev/null || true
	# Spring closes the H2 database on SIGTERM; give it time before forcing.
	for _ in $(seq 1 60); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; log "stopped"; return 0; }
		sleep 1
	done
	log "pid $pid still alive after 60 s; sending SIGKILL"
	kill -KILL "$pid" 2>/dev/null || true
	rm -f "$PID_FILE"
}

cmd_status() {
	local meta ready
	meta="$(http_status "$BASE_URL/fhir/metadata")"
	ready="$(http_status "$BASE_URL/ready")"
	if pid_alive; then
		echo "pid: $(cat "$PID_FILE") (running)"
	else
		echo "pid: none"
	fi
	echo "url: $BASE_URL/fhir"
	echo "metadata: HTTP $meta"
	echo "ready: HTTP $ready"
	echo "database: $HAPI_DATA_DIR"
	echo "log: $LOG_FILE"
	[[ "$meta" == 200 ]]
}

case "${1:-}" in
	build) cmd_build ;;
	start) cmd_start ;;
	wait) cmd_wait ;;
	stop) cmd_stop ;;
	restart) cmd_stop; cmd_start ;;
	status) cmd_status ;;
	*)
		echo "usage: $0 {build|start|wait|stop|restart|status}" >&2
		exit 2
		;;
esac
