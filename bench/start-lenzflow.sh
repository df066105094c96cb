#!/usr/bin/env bash
# Start Lenzflow for the peer harness (/work/shared/bench-peers, "Adding our engine"):
#   - fresh data dir $RUN_DIR/lenzflow-data, server on 127.0.0.1:$LENZFLOW_PORT (default 8091),
#     pid in $RUN_DIR/lenzflow.pid (RUN_DIR defaults to the harness's /tmp/peers/run, so the
#     harness's stop.sh stops it);
#   - a token in $RUN_DIR/lenzflow.token (for wrk: WRK_AUTH="Bearer $(cat $RUN_DIR/lenzflow.token)");
#   - the bench workflow: manual trigger -> transform -> transform, run through
#     POST /api/workflows/{id}/execute with {"name":"bench","n":21};
#   - waits (bounded, STARTUP_TIMEOUT_S, default 30) until that POST answers 2xx with a successful
#     run whose last node output is {"ok":true,"greeting":"hello bench","n":21};
#   - prints one line on stdout:
#     STARTUP target=lenzflow pid=.. port=.. path=/api/workflows/ID/execute method=POST
#             health_s=.. ready_s=.. webhook_s=.. token_file=..
#     health_s: exec -> first 200 from /healthz; ready_s: + token and workflow created;
#     webhook_s: + first successful execute.
# Differences from the peers (see bench/README.md): the execute endpoint needs a bearer token and
# answers with the execution envelope {"ok","message","data":{...,"node_results":[...]}}, not the
# bare JSON; and there is no "doubled" field, because templates only look values up (no n*2).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
RUN_DIR="${RUN_DIR:-${PEERS_DIR:-/tmp/peers}/run}"
PORT="${LENZFLOW_PORT:-8091}"
TIMEOUT_S="${STARTUP_TIMEOUT_S:-30}"
DATA="$RUN_DIR/lenzflow-data"
LOGF="$RUN_DIR/lenzflow.log"
PIDF="$RUN_DIR/lenzflow.pid"
REQ_BODY='{"name":"bench","n":21}'
BASE="http://$BENCH_HOST:$PORT"

[ -x "$LENZFLOW_BIN" ] || die "$LENZFLOW_BIN not built"
mkdir -p "$RUN_DIR"
if [ -f "$PIDF" ]; then stop_pid "$(cat "$PIDF")" 10; rm -f "$PIDF"; fi
port_free "$PORT" || die "port $PORT is in use"
rm -rf "$DATA"; : > "$LOGF"

secs() { awk -v n="$1" 'BEGIN{printf "%.2f", n/1e9}'; }
fail() { say "lenzflow: $*"; tail -20 "$LOGF" >&2; stop_pid "$(cat "$PIDF" 2>/dev/null)" 10; rm -f "$PIDF"; exit 1; }

# Detached from this script's stdout, so a caller reading our output through a pipe is not held open.
T0=$(now_ns)
LENZFLOW_LOG_LEVEL="${LENZFLOW_LOG_LEVEL:-warn}" nohup "$LENZFLOW_BIN" serve --listen "$BENCH_HOST:$PORT" \
  --data-dir "$DATA" --shutdown-grace 5 >>"$LOGF" 2>&1 </dev/null &
echo $! > "$PIDF"
PID=$!
wait_http "$TIMEOUT_S" "$BASE/healthz" "$PID" || fail "/healthz not ready within ${TIMEOUT_S}s"
health_s=$(secs $(( $(now_ns) - T0 )))

TOKEN=$(lenzflow_token "$DATA" 24h) || fail "token failed"
printf '%s\n' "$TOKEN" > "$RUN_DIR/lenzflow.token"; chmod 600 "$RUN_DIR/lenzflow.token"
WF=$(curl -sS -m 10 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data "$(exec_workflow_json)" "$BASE/api/workflows") || fail "create workflow: no answer"
WF_ID=$(jq -r '.data.id // empty' <<<"$WF")
[ -n "$WF_ID" ] || fail "create workflow failed: $WF"
ready_s=$(secs $(( $(now_ns) - T0 )))

PATH_EXEC="/api/workflows/$WF_ID/execute"
deadline=$(( $(now_ns) + TIMEOUT_S * 1000000000 ))
while true; do
  out=$(curl -fsS -m 5 -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data "$REQ_BODY" "$BASE$PATH_EXEC" 2>/dev/null || true)
  if [ -n "$out" ] && jq -e '.data.status == "success" and .data.node_results[-1].output == {"ok":true,"greeting":"hello bench","n":21}' \
       <<<"$out" >/dev/null 2>&1; then break; fi
  [ "$(now_ns)" -lt "$deadline" ] || fail "execute did not succeed within ${TIMEOUT_S}s: $out"
  kill -0 "$PID" 2>/dev/null || fail "server exited"
  sleep 0.05
done
webhook_s=$(secs $(( $(now_ns) - T0 )))
echo "STARTUP target=lenzflow pid=$PID port=$PORT path=$PATH_EXEC method=POST health_s=$health_s ready_s=$ready_s webhook_s=$webhook_s token_file=$RUN_DIR/lenzflow.token"
