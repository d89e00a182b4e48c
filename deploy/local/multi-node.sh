#!/usr/bin/env bash
# Multi-node run of the Relationship Ledger on one machine, for real: a PostgreSQL server from the Debian packages
# (a private cluster in a temporary directory, fsync on), two command-side and two query-side JVMs from the exec jars
# on loopback ports, concurrent commands through both command nodes. It checks, and exits non-zero if any fails:
#
#   1. no event is lost or duplicated: every acknowledged command's (aggregate, version, position) is in the event
#      store exactly once, the store holds nothing else, and idempotent retries sent to the other node get the same
#      answer without a second event;
#   2. the two query nodes share the status projection's segments (token_entry owners differ);
#   3. after `kill -9` of one query node, the other holds all segments within claim timeout + claim interval
#      (10 s + 1 s here), processing goes on, and it catches up with every event written meanwhile;
#   4. the multi-node projections equal a single-node rebuild: the database is copied (CREATE DATABASE ... TEMPLATE)
#      once every node has stopped, the copy's read_model and bi schemas are dropped, one fresh query node rebuilds
#      them from the copied events, and the checksums of relationship_status and reputation_point must be identical.
#      (This check found decision 0008: events filed under the wrong position, and a relationship's events folded in
#      commit order live but in position order on rebuild.)
#
# Needs: Java 17, the packaged jars (`mvn -B -DskipTests package`), curl, and PostgreSQL server binaries (the Debian
# `postgresql` package is installed with apt-get when absent). Runs as root (the database then runs as the
# `postgres` OS user; initdb refuses root) or as any user. Takes about two to three minutes on 2 cores.
#
#   deploy/local/multi-node.sh            # KEEP_WORK=1 keeps the temporary directory (logs, data) afterwards
#
# Environment: LEDGER_MN_COMMANDS (phase 1 commands, default 800), LEDGER_MN_THREADS (default 8),
# KEEP_WORK (1: keep logs and data).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
COMMAND_JAR=$ROOT/command-side/target/command-side-0.1.0-exec.jar
QUERY_JAR=$ROOT/query-side/target/query-side-0.1.0-exec.jar
DRIVER=$ROOT/deploy/local/MultiNodeDriver.java
COMMANDS=${LEDGER_MN_COMMANDS:-800}
THREADS=${LEDGER_MN_THREADS:-8}
CLAIM_TIMEOUT_S=10      # axon.eventhandling.tokenstore.claim-timeout in query-side.yml
CLAIM_INTERVAL_S=1      # token-claim-interval of relationship-status in query-side.yml
PROCESSOR=relationship-status
JVM_OPTS=(-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Daxoniq.update-checker.disabled=true)

STARTED=$(date +%s)
WORK=$(mktemp -d /tmp/ledger-multinode.XXXXXX)
chmod 755 "$WORK"
LOGS=$WORK/logs
mkdir -p "$LOGS"
declare -A PIDS=()
PGBIN=
FAILED=1

say() { printf '[%4ss] %s\n' "$(( $(date +%s) - STARTED ))" "$*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}

cleanup() {
  local status=$?
  for name in "${!PIDS[@]}"; do
    kill -9 "${PIDS[$name]}" 2>/dev/null || true
  done
  if [[ -n $PGBIN && -f $WORK/pg/data/postmaster.pid ]]; then
    as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ $FAILED -ne 0 || $status -ne 0 ]]; then
    say "logs and data kept in $WORK (last lines of each log follow)" >&2
    for log in "$LOGS"/*.log; do
      [[ -f $log ]] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }
    done
  elif [[ ${KEEP_WORK:-0} == 1 ]]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

USED_PORTS=" "
# Below the kernel's ephemeral range: a port in it can be taken, between our check and the node's bind, as the source
# port of some outgoing connection (a CI run failed so: "Port 36412 was already in use" while four JVMs opened their
# database connections).
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
(( EPHEMERAL_LOW > 12000 )) || EPHEMERAL_LOW=32768
free_port() { # free_port <variable>: a loopback port nobody listens on (and that this run has not handed out)
  local _candidate
  for _ in $(seq 1 200); do
    _candidate=$(( 10000 + RANDOM % (EPHEMERAL_LOW - 10000) ))
    if [[ $USED_PORTS != *" $_candidate "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$_candidate") 2>/dev/null; then
      USED_PORTS+="$_candidate "
      printf -v "$1" '%s' "$_candidate"
      return
    fi
  done
  fail "no free port found"
}
metric() { # metric <node> <name> <label filter>: the value of one sample, empty if absent
  curl -sf "$(url "$1")/actuator/prometheus" | awk -v name="$2" -v filter="$3" \
    'index($0, name "{") == 1 && index($0, filter) { print $NF; exit }' || true
}

# ---------------------------------------------------------------------------------------------------------------
# 0. Prerequisites
[[ -f $COMMAND_JAR && -f $QUERY_JAR ]] || fail "build the jars first: mvn -B -DskipTests package"
command -v java >/dev/null || fail "java (17) is needed"
command -v curl >/dev/null || fail "curl is needed"

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  [[ $(id -u) -eq 0 ]] || fail "PostgreSQL server binaries are missing; install the Debian package postgresql"
  say "installing the Debian package postgresql"
  apt-get update -qq >"$LOGS/apt.log" 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >>"$LOGS/apt.log" 2>&1 \
    || fail "apt-get install postgresql failed (see $LOGS/apt.log)"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

# ---------------------------------------------------------------------------------------------------------------
# 1. A private PostgreSQL cluster (durable defaults: fsync, synchronous_commit, full_page_writes on)
free_port PGPORT
PGPASS=pg-$RANDOM$RANDOM
export LEDGER_DB_USER=postgres LEDGER_DB_PASSWORD=$PGPASS
export LEDGER_DB_COMMAND_PASSWORD=cmd-$RANDOM$RANDOM LEDGER_DB_QUERY_PASSWORD=qry-$RANDOM$RANDOM
export LEDGER_DB_BI_PASSWORD=bi-$RANDOM$RANDOM
mkdir -p "$WORK/pg"
printf '%s\n' "$PGPASS" >"$WORK/pg/pwfile"
[[ $(id -u) -eq 0 ]] && chown -R postgres "$WORK/pg"
as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --pwfile="$WORK/pg/pwfile" -E UTF8 --locale=C \
  --auth-local=trust --auth-host=scram-sha-256 >"$LOGS/initdb.log" 2>&1 || fail "initdb failed"
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w -t 60 \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pg -c max_connections=200" \
  start >/dev/null || { cp "$WORK/pg/postgres.log" "$LOGS/postgres.log" 2>/dev/null; fail "PostgreSQL did not start"; }
export PGPASSWORD=$PGPASS
sql() { # sql <database> <statement>: one value per line, unaligned
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$1" -v ON_ERROR_STOP=1 -Atq -c "$2"
}
sql postgres "CREATE DATABASE ledger" >/dev/null
[[ $(sql ledger "SHOW fsync")/$(sql ledger "SHOW synchronous_commit") == on/on ]] || fail "database is not durable"
say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (fsync on), data in $WORK/pg/data"

cat >"$WORK/users.yml" <<'EOF'
# Users of this run (bcrypt would cost ~60 ms per request; plain text is fine for a throwaway run on loopback).
ledger:
  security:
    users:
      - {name: rita, password: "{noop}rita-mn", roles: [RELATIONSHIP_MANAGER]}
      - {name: maria, password: "{noop}maria-mn", roles: [MANAGER]}
      - {name: adam, password: "{noop}adam-mn", roles: [ADMIN]}
EOF

# ---------------------------------------------------------------------------------------------------------------
# 2. Four JVMs: command sides C1, C2; query sides Q1, Q2
declare -A PORTS=()
start_node() { # start_node <name> <jar> <database>
  local name=$1 jar=$2 database=$3 port
  free_port port
  PORTS[$name]=$port
  java "${JVM_OPTS[@]}" -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PGPORT/$database" \
    --spring.config.additional-location="file:$WORK/users.yml" >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
}
wait_ready() { # wait_ready <name> <seconds>
  local name=$1 deadline=$(( $(date +%s) + $2 ))
  until curl -sf "http://127.0.0.1:${PORTS[$name]}/actuator/health/readiness" | grep -q '"UP"'; do
    kill -0 "${PIDS[$name]}" 2>/dev/null || fail "$name exited during start-up (see $LOGS/$name.log)"
    (( $(date +%s) < deadline )) || fail "$name not ready after $2 s"
    sleep 0.5
  done
}
stop_node() { # stop_node <name>: SIGTERM, graceful shutdown
  local name=$1
  kill -TERM "${PIDS[$name]}" 2>/dev/null || true
  for _ in $(seq 1 120); do
    kill -0 "${PIDS[$name]}" 2>/dev/null || { unset "PIDS[$name]"; return; }
    sleep 0.25
  done
  fail "$name did not stop within 30 s"
}
url() { echo "http://127.0.0.1:${PORTS[$1]}"; }

start_node C1 "$COMMAND_JAR" ledger
wait_ready C1 180 # runs the event store's migrations
start_node C2 "$COMMAND_JAR" ledger
start_node Q1 "$QUERY_JAR" ledger
start_node Q2 "$QUERY_JAR" ledger
wait_ready C2 180
wait_ready Q1 180
wait_ready Q2 180
say "command nodes C1 $(url C1), C2 $(url C2); query nodes Q1 $(url Q1), Q2 $(url Q2)"

# ---------------------------------------------------------------------------------------------------------------
# 3. The query nodes share the segments
owners() { sql ledger "SELECT coalesce(owner, '-') FROM read_model.token_entry WHERE processor_name = '$PROCESSOR' ORDER BY segment"; }
deadline=$(( $(date +%s) + 60 ))
while :; do
  mapfile -t OWNERS < <(owners)
  if [[ ${#OWNERS[@]} -ge 2 ]]; then
    distinct=$(printf '%s\n' "${OWNERS[@]}" | awk '$0 != "-"' | sort -u | wc -l)
    unowned=$(printf '%s\n' "${OWNERS[@]}" | awk '$0 == "-"' | wc -l)
    [[ $distinct -eq 2 && $unowned -eq 0 ]] && break
  fi
  (( $(date +%s) < deadline )) || fail "segments not shared by two owners within 60 s: ${OWNERS[*]:-none}"
  sleep 0.5
done
owner_pid() { echo "${1%%@*}"; } # Axon's default token owner is "<pid>@<host>"
for owner in "${OWNERS[@]}"; do
  [[ $(owner_pid "$owner") == "${PIDS[Q1]}" || $(owner_pid "$owner") == "${PIDS[Q2]}" ]] \
    || fail "segment owner $owner is neither query node"
done
say "segments of $PROCESSOR shared: ${OWNERS[*]} (Q1 pid ${PIDS[Q1]}, Q2 pid ${PIDS[Q2]})"
for q in Q1 Q2; do
  claimed=$(metric $q ledger_projection_segments_claimed "processor=\"$PROCESSOR\"")
  [[ ${claimed%.*} == 1 ]] || fail "$q reports '$claimed' segments claimed, expected 1"
done

# ---------------------------------------------------------------------------------------------------------------
# 4. Concurrent commands through both command nodes
ACKS=$WORK/acks.csv
: >"$ACKS"
say "phase 1: $COMMANDS commands from $THREADS threads through C1 and C2"
java "$DRIVER" "$ACKS" phase1 "$THREADS" "$COMMANDS" rita:rita-mn "$(url C1)" "$(url C2)" 2>&1 | sed 's/^/       /' \
  || fail "phase 1 load failed"

max_position() { sql ledger "SELECT coalesce(max(global_index), 0) FROM event_store.domain_event_entry"; }
caught_up() { # caught_up <query node> <position> <seconds>: read-your-writes over every segment
  local deadline=$(( $(date +%s) + $3 )) status
  while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -u maria:maria-mn "$(url "$1")/relationships?limit=1&atLeast=$2")
    [[ $status == 200 ]] && return 0
    [[ $status == 503 ]] || fail "$1 answered $status to a read at position $2"
    (( $(date +%s) < deadline )) || fail "$1 has not reached position $2 within $3 s"
  done
}
P1=$(max_position)
caught_up Q1 "$P1" 60
caught_up Q2 "$P1" 60
say "both query nodes have projected every event up to position $P1"

# ---------------------------------------------------------------------------------------------------------------
# 5. kill -9 one query node; the other takes its segments; writes go on meanwhile
VICTIM=Q1 SURVIVOR=Q2
[[ $(owner_pid "${OWNERS[0]}") == "${PIDS[Q2]}" ]] && VICTIM=Q2 SURVIVOR=Q1
say "kill -9 $VICTIM (pid ${PIDS[$VICTIM]}, holds segment 0) while phase 2 writes"
java "$DRIVER" "$ACKS" phase2 4 200 rita:rita-mn "$(url C2)" "$(url C1)" >"$WORK/phase2.out" 2>&1 &
PHASE2=$!
sleep 1
KILLED_AT=$(date +%s%N)
kill -9 "${PIDS[$VICTIM]}"
wait "${PIDS[$VICTIM]}" 2>/dev/null || true
unset "PIDS[$VICTIM]"
deadline=$(( $(date +%s) + CLAIM_TIMEOUT_S + CLAIM_INTERVAL_S + 30 ))
while :; do
  mapfile -t NOW < <(owners)
  moved=1
  for owner in "${NOW[@]}"; do
    [[ $(owner_pid "$owner") == "${PIDS[$SURVIVOR]}" ]] || moved=0
  done
  [[ $moved -eq 1 ]] && break
  (( $(date +%s) < deadline )) || fail "segments still held by ${NOW[*]} long after the kill"
  sleep 0.2
done
TAKEOVER_MS=$(( ($(date +%s%N) - KILLED_AT) / 1000000 ))
LIMIT_MS=$(( (CLAIM_TIMEOUT_S + CLAIM_INTERVAL_S) * 1000 + 1500 ))
(( TAKEOVER_MS <= LIMIT_MS )) || fail "takeover took $TAKEOVER_MS ms, more than claim timeout + claim interval ($LIMIT_MS ms with slack)"
say "$SURVIVOR holds every segment ${TAKEOVER_MS} ms after the kill (claim timeout ${CLAIM_TIMEOUT_S} s + claim interval ${CLAIM_INTERVAL_S} s)"
wait "$PHASE2" || { sed 's/^/       /' "$WORK/phase2.out"; fail "phase 2 load failed"; }
sed 's/^/       /' "$WORK/phase2.out"

# ---------------------------------------------------------------------------------------------------------------
# 6. No event lost, none duplicated
read -r ACKED DISTINCT_POSITIONS EVENTS MATCHED UNACKED <<<"$("$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres \
  -d ledger -v ON_ERROR_STOP=1 -Atq -F ' ' <<SQL
CREATE TEMP TABLE acks (aggregate_id text, version bigint, position bigint, node text);
\copy acks FROM '$ACKS' WITH (FORMAT csv)
SELECT (SELECT count(*) FROM acks),
       (SELECT count(DISTINCT position) FROM acks),
       (SELECT count(*) FROM event_store.domain_event_entry),
       (SELECT count(*) FROM acks a JOIN event_store.domain_event_entry e
           ON e.global_index = a.position AND e.aggregate_identifier = a.aggregate_id
          AND e.sequence_number = a.version),
       (SELECT count(*) FROM event_store.domain_event_entry e
         WHERE NOT EXISTS (SELECT 1 FROM acks a WHERE a.position = e.global_index));
SQL
)"
[[ $ACKED -gt 0 && $ACKED -eq $DISTINCT_POSITIONS ]] || fail "$ACKED acknowledgements but $DISTINCT_POSITIONS distinct positions"
[[ $MATCHED -eq $ACKED ]] || fail "only $MATCHED of $ACKED acknowledged commands are in the event store as answered"
[[ $EVENTS -eq $ACKED && $UNACKED -eq 0 ]] || fail "$EVENTS events stored for $ACKED acknowledgements ($UNACKED unacknowledged)"
say "no event lost or duplicated: $ACKED acknowledged commands = $EVENTS events, each at its answered position once"

P2=$(max_position)
caught_up "$SURVIVOR" "$P2" 60
LETTERS=$(sql ledger "SELECT count(*) FROM read_model.dead_letter_entry")
[[ $LETTERS -eq 0 ]] || fail "$LETTERS dead letters after the run"
LAG=$(metric "$SURVIVOR" ledger_projection_lag_events "processor=\"$PROCESSOR\"")
say "$SURVIVOR alone has projected everything up to position $P2 (lag metric $LAG, no dead letters)"

# ---------------------------------------------------------------------------------------------------------------
# 7. The multi-node projections equal a single-node rebuild from the same events
stop_node "$SURVIVOR"
stop_node C1
stop_node C2
checksum() { # checksum <database>: row counts and md5 of every row of both tables, in key order
  sql "$1" "SELECT (SELECT count(*) FROM read_model.relationship_status) || ' ' ||
                   (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY relationship_id), '')) FROM read_model.relationship_status t) || ' ' ||
                   (SELECT count(*) FROM read_model.reputation_point) || ' ' ||
                   (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY relationship_id, position, model), '')) FROM read_model.reputation_point t)"
}
MULTI=$(checksum ledger)
for _ in $(seq 1 20); do
  sql postgres "CREATE DATABASE ledger_rebuild TEMPLATE ledger" >/dev/null 2>&1 && break
  sleep 0.5 # the stopped nodes' sessions may take a moment to end
done
sql ledger_rebuild "SELECT 1" >/dev/null || fail "could not copy the database"
sql ledger_rebuild "DROP SCHEMA read_model CASCADE; DROP SCHEMA bi CASCADE" >/dev/null
say "copied the database; the copy's read model is dropped; a fresh single query node Q3 rebuilds it"
REBUILD_STARTED=$(date +%s%N)
start_node Q3 "$QUERY_JAR" ledger_rebuild
wait_ready Q3 180
caught_up Q3 "$P2" 120
REBUILD_MS=$(( ($(date +%s%N) - REBUILD_STARTED) / 1000000 ))
stop_node Q3
SINGLE=$(checksum ledger_rebuild)
read -r ROWS _ POINTS _ <<<"$MULTI"
[[ $ROWS -gt 0 ]] || fail "no relationship in the read model"
if [[ $MULTI != "$SINGLE" ]]; then
  fail "projections differ: multi-node '$MULTI', single-node rebuild '$SINGLE'"
else
  say "multi-node read model = single-node rebuild ($ROWS relationships, $POINTS reputation points; md5 identical; start + rebuild ${REBUILD_MS} ms)"
fi

FAILED=0
say "PASSED in $(( $(date +%s) - STARTED )) s"
