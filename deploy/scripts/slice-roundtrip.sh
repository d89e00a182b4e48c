#!/usr/bin/env bash
# Measures the walking skeleton's round trip against a running ledger (java -jar deploy/target/relationship-ledger.jar):
# open a relationship, log a contact, then poll the query side until the contact shows. Prints the median and the
# spread over N runs (default 50). Uses the embedded default's demo users.
set -euo pipefail
N=${1:-50}
CMD=${LEDGER_COMMAND_URL:-http://localhost:8081}
QRY=${LEDGER_QUERY_URL:-http://localhost:8082}
now_ms() { date +%s%3N; }
times=()
for i in $(seq 1 "$N"); do
  t0=$(now_ms)
  id=$(curl -sf -u rita:rita-demo -H 'Content-Type: application/json' \
        -d "{\"counterparty\":{\"name\":\"Roundtrip $i\",\"kind\":\"CUSTOMER\"}}" "$CMD/relationships" |
       sed -E 's/.*"aggregateId":"([^"]+)".*/\1/')
  curl -sf -o /dev/null -u rita:rita-demo -H 'Content-Type: application/json' \
       -d '{"channel":"CALL","summary":"round trip","occurredAt":"2026-01-01T00:00:00Z"}' "$CMD/relationships/$id/contacts"
  t1=$(now_ms)
  until curl -sf -u maria:maria-demo "$QRY/relationships/$id" | grep -q '"contactCount":1'; do sleep 0.005; done
  t2=$(now_ms)
  times+=("$((t1 - t0)) $((t2 - t0))")
done
summary() { sort -n | awk -v label="$1" '{ v[NR]=$1 } END { printf "%s median %d ms, min %d ms, max %d ms (%d runs)\n", label, v[int((NR+1)/2)], v[1], v[NR], NR }'; }
printf '%s\n' "${times[@]}" | cut -d' ' -f1 | summary "open + log contact (two HTTP commands, acknowledged):"
printf '%s\n' "${times[@]}" | cut -d' ' -f2 | summary "... until the contact shows on the query side:      "
