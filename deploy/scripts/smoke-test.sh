#!/usr/bin/env bash
# Runs the README's run command for real: the packaged launcher (deploy/target/relationship-ledger.jar) on a fresh
# embedded PostgreSQL, the curl walkthrough, a kill -9 and a restart that keeps every event, and a clean stop.
# Needs the jar (mvn -B verify or package). Exits non-zero on any failure; prints the start-up time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=deploy/target/relationship-ledger.jar
[ -f "$JAR" ] || { echo "no $JAR: build first (mvn -B -DskipTests install)"; exit 2; }
WORK=$(mktemp -d /tmp/ledger-smoke.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export LEDGER_DATA_DIR="$WORK/data" LEDGER_COMMAND_PORT=$(free_port) LEDGER_QUERY_PORT=$(free_port) LEDGER_EMBEDDED_DB_PORT=$(free_port)
CMD=http://localhost:$LEDGER_COMMAND_PORT
QRY=http://localhost:$LEDGER_QUERY_PORT
PID=
fail() { echo "SMOKE FAILED: $*"; tail -50 "$WORK/ledger.log" || true; [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; exit 1; }
start() {
  java -Xmx512m -jar "$JAR" >> "$WORK/ledger.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    if grep -q "Relationship Ledger is up" "$WORK/ledger.log" 2>/dev/null && curl -sf "$QRY/actuator/health" >/dev/null; then
      return 0
    fi
    kill -0 "$PID" 2>/dev/null || fail "the launcher exited"
    sleep 0.5
  done
  fail "not up within 60 s"
}

start
grep "Relationship Ledger is up" "$WORK/ledger.log" | tail -1
OPENED=$(curl -sf -u rita:rita-demo -H 'Content-Type: application/json' "$CMD/relationships" \
  -d '{"counterparty":{"name":"Smoke Test Steel","kind":"SUPPLIER","segment":"raw materials"},"tier":"KEY"}') || fail "open"
ID=$(echo "$OPENED" | sed -E 's/.*"aggregateId":"([^"]+)".*/\1/')
CONTACT=$(curl -sf -u rita:rita-demo -H 'Content-Type: application/json' "$CMD/relationships/$ID/contacts" \
  -d '{"channel":"MEETING","summary":"Quarterly review","sentiment":"POSITIVE","occurredAt":"2026-11-20T10:00:00Z"}') || fail "contact"
POS=$(echo "$CONTACT" | sed -E 's/.*"position":([0-9]+).*/\1/')
curl -sf -u maria:maria-demo "$QRY/relationships/$ID?atLeast=$POS" | grep -q '"contactCount":1' || fail "status after the contact"
BAD=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' -u rita:rita-demo -H 'Content-Type: application/json' \
  "$CMD/relationships" -d '{"counterparty":{"name":"","kind":"ALIEN"}}')
[[ "$BAD" == "400 application/problem+json"* ]] || fail "bad input answered $BAD"
echo "walkthrough ok: relationship $ID, contact at position $POS"

kill -9 "$PID"; wait "$PID" 2>/dev/null || true
start
curl -sf -u maria:maria-demo "$QRY/relationships/$ID" | grep -q '"contactCount":1' || fail "status after kill -9"
AGAIN=$(curl -sf -u rita:rita-demo -H 'Content-Type: application/json' "$CMD/relationships/$ID/contacts" \
  -d '{"channel":"CALL","summary":"after the crash","occurredAt":"2026-11-21T10:00:00Z"}') || fail "contact after restart"
echo "$AGAIN" | grep -q '"version":2' || fail "version after restart: $AGAIN"
echo "kill -9 and restart ok: every event kept"

kill -TERM "$PID"
for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
kill -0 "$PID" 2>/dev/null && fail "did not stop on SIGTERM within 30 s"
if pgrep -f "postgres -D $LEDGER_DATA_DIR" >/dev/null; then fail "the embedded PostgreSQL outlived a clean stop"; fi
echo "clean stop ok"
rm -rf "$WORK"
echo "SMOKE PASSED"
