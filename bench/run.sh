#!/usr/bin/env bash
# Lenzflow load benchmark on loopback. See bench/README.md for what each figure means.
#
# Usage: bash bench/run.sh [--peers]
#   --peers   afterwards also run /work/shared/bench-peers/run.sh node-red n8n-save
#             (only the peers whose install exists; skipped with a message otherwise)
# Env: DURATION=10s  CONNS=64  THREADS=2  WARMUP=3s (not recorded)  N_WORKFLOWS=1000
#      STARTS=5 (startup samples)  VERIFY_N=200 (exact persistence check)  PORT=18080 (first
#      port tried)  NGINX_PORT=18180  OUT_DIR=/tmp/lenzflow-bench-<stamp>  KEEP_DATA=0
#      LENZFLOW_BIN=build/lenzflow  QUIET_WAIT_S=60 QUIET_PCT=25 (before each measured run, wait at
#      most QUIET_WAIT_S for the machine to be idle: < QUIET_PCT % of one core busy)
# Bounded: every wrk run is killed after its duration + 30 s, every wait has a timeout, and the
# EXIT trap stops every process this script started (by pid).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RUN_PEERS=0
for a in "$@"; do
  case "$a" in
    --peers) RUN_PEERS=1;;
    -h|--help) sed -n '2,15p' "$0"; exit 0;;
    *) die "unknown argument: $a (try --help)";;
  esac
done

DURATION_S=$(parse_seconds "${DURATION:-10s}")
WARMUP_S=$(parse_seconds "${WARMUP:-3s}")
CONNS="${CONNS:-64}"; THREADS="${THREADS:-2}"
N_WORKFLOWS="${N_WORKFLOWS:-1000}"; STARTS="${STARTS:-5}"; VERIFY_N="${VERIFY_N:-200}"
STAMP=$(date +%Y%m%d-%H%M%S)
OUT="${OUT_DIR:-/tmp/lenzflow-bench-$STAMP}"
REQ_BODY='{"name":"bench","n":21}'
EXPECTED_OUTPUT='{"ok":true,"greeting":"hello bench","n":21}'

for t in wrk nginx curl jq awk; do
  command -v "$t" >/dev/null || die "$t not found; run: bash bench/install.sh"
done
[ -x "$LENZFLOW_BIN" ] || die "$LENZFLOW_BIN not built; run: cmake -S . -B build && cmake --build build --target lenzflow -j2"

mkdir -p "$OUT/logs"
# A copy of the binary, so a rebuild during the run cannot change what is measured.
cp "$LENZFLOW_BIN" "$OUT/lenzflow"; LENZFLOW_BIN="$OUT/lenzflow"
BIN_SHA=$(sha256sum "$LENZFLOW_BIN" | cut -c1-12)
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$REPO_DIR/build/CMakeCache.txt" 2>/dev/null || true)
RES="$OUT/results.tsv"
MACHINE="$OUT/results.txt"
: > "$MACHINE"
LF_PID=""; NGINX_PID=""; WRK_TPID=""

cleanup() {
  local rc=$?
  set +e
  [ -n "$WRK_TPID" ] && stop_pid "$WRK_TPID" 5   # timeout(1) passes the TERM on to wrk
  [ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID" 5
  [ -n "$LF_PID" ] && stop_pid "$LF_PID" 10
  if [ "${KEEP_DATA:-0}" != 1 ]; then rm -rf "$OUT/data" "$OUT"/start-* "$OUT/lenzflow"; fi
  [ $rc -ne 0 ] && say "bench failed (exit $rc); logs in $OUT/logs"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# record NAME key=value... : one machine-readable line (stdout at the end, and results.txt)
record() { echo "BENCH name=$*" >> "$MACHINE"; }

wait_quiet() {  # wait_quiet LABEL: bounded wait for an idle machine, with a message if it is not
  local quiet; quiet=$(quiet_wait "${QUIET_WAIT_S:-60}")
  [ "$quiet" -lt "${QUIET_PCT:-25}" ] || say "$1: machine not idle before the run (${quiet}% of a core busy by others)"
}

# warmup_wrk NAME URL: unrecorded wrk run of WARMUP_S (background + wait, so a signal is handled at once)
warmup_wrk() {
  timeout $((WARMUP_S + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP_S}s" -s "$BENCH_DIR/wrk-report.lua" \
    "$2" > "$OUT/logs/wrk-$1-warmup.log" 2>&1 &
  WRK_TPID=$!
  wait "$WRK_TPID" || say "$1: warmup wrk exited non-zero"
  WRK_TPID=""
}

# ---------------------------------------------------------------------------------------------
# run_wrk NAME PID URL : warmup, then the measured wrk run, sampling the server's RSS and CPU.
# Env for wrk-report.lua: WRK_METHOD WRK_BODY WRK_AUTH. Sets W_* variables.
run_wrk() {
  local name="$1" pid="$2" url="$3" wlog="$OUT/logs/wrk-$1.log" wpid c0 c1 s0 s1 q0 q1 t0 t1 wrk_ticks=0
  [ "${SKIP_QUIET:-0}" = 1 ] || wait_quiet "$name"
  if [ "$WARMUP_S" -gt 0 ]; then
    warmup_wrk "$name" "$url"
  fi
  W_PEAK_RSS=0
  c0=$(tree_ticks "$pid"); s0=$(busy_ticks); q0=$(softirq_ticks); t0=$(now_ns)
  timeout $((DURATION_S + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION_S}s" --latency \
    -s "$BENCH_DIR/wrk-report.lua" "$url" > "$wlog" 2>&1 &
  wpid=$!; WRK_TPID=$wpid
  local child rss wt
  while kill -0 "$wpid" 2>/dev/null; do
    rss=$(tree_rss_kb "$pid"); [ "$rss" -gt "$W_PEAK_RSS" ] && W_PEAK_RSS=$rss
    for child in $(cat "/proc/$wpid/task/$wpid/children" 2>/dev/null); do
      wt=$(proc_ticks "$child"); [ "${wt:-0}" -gt "$wrk_ticks" ] && wrk_ticks=$wt
    done
    sleep 0.2
  done
  wait "$wpid" || say "$name: wrk exited non-zero (see $wlog)"
  WRK_TPID=""
  c1=$(tree_ticks "$pid"); s1=$(busy_ticks); q1=$(softirq_ticks); t1=$(now_ns)
  local hz; hz=$(getconf CLK_TCK)
  W_CPU=$(awk -v c=$((c1 - c0)) -v hz="$hz" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", 100*c/hz/(ns/1e9)}')
  W_WRKCPU=$(awk -v c="$wrk_ticks" -v hz="$hz" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", 100*c/hz/(ns/1e9)}')
  W_IRQ=$(awk -v c=$((q1 - q0)) -v hz="$hz" -v ns=$((t1 - t0)) 'BEGIN{printf "%.0f", 100*c/hz/(ns/1e9)}')
  W_OTHER=$(awk -v c=$(( (s1 - s0) - (c1 - c0) - wrk_ticks )) -v hz="$hz" -v ns=$((t1 - t0)) \
    'BEGIN{v=100*c/hz/(ns/1e9); if (v<0) v=0; printf "%.0f", v}')
  local w; w=$(grep '^WRK_RESULT' "$wlog" || true)
  [ -n "$w" ] || { cat "$wlog" >&2; die "$name: no WRK_RESULT line from wrk"; }
  W_REQ=$(kv requests "$w")
  W_RPS=$(awk -v n="$W_REQ" -v d="$(kv duration_us "$w")" 'BEGIN{printf "%.0f", n/(d/1e6)}')
  W_P50=$(awk -v u="$(kv p50_us "$w")" 'BEGIN{printf "%.2f", u/1000}')
  W_P90=$(awk -v u="$(kv p90_us "$w")" 'BEGIN{printf "%.2f", u/1000}')
  W_P99=$(awk -v u="$(kv p99_us "$w")" 'BEGIN{printf "%.2f", u/1000}')
  W_MAX=$(awk -v u="$(kv max_us "$w")" 'BEGIN{printf "%.2f", u/1000}')
  W_NON2XX=$(kv non2xx "$w")
  W_SOCKERR=$(( $(kv err_connect "$w") + $(kv err_read "$w") + $(kv err_write "$w") + $(kv err_timeout "$w") ))
  W_ERRDETAIL="connect=$(kv err_connect "$w"),read=$(kv err_read "$w"),write=$(kv err_write "$w"),timeout=$(kv err_timeout "$w")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$W_RPS" "$W_P50" "$W_P90" "$W_P99" "$W_MAX" \
    "$W_SOCKERR" "$W_NON2XX" "$W_CPU" "$W_WRKCPU" "$W_IRQ" "$W_OTHER" "$(kb_to_mb "$W_PEAK_RSS")" >> "$RES"
  record "$name req_s=$W_RPS requests=$W_REQ p50_ms=$W_P50 p90_ms=$W_P90 p99_ms=$W_P99 max_ms=$W_MAX" \
    "socket_errors=$W_SOCKERR non2xx=$W_NON2XX server_cpu_pct=$W_CPU wrk_cpu_pct=$W_WRKCPU irq_cpu_pct=$W_IRQ other_cpu_pct=$W_OTHER" \
    "rss_peak_mb=$(kb_to_mb "$W_PEAK_RSS") $W_ERRDETAIL"
  say "$name: $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, socket errors $W_SOCKERR ($W_ERRDETAIL), non-2xx $W_NON2XX, server cpu $W_CPU%, wrk cpu $W_WRKCPU%, irq $W_IRQ%, other cpu $W_OTHER%"
}

printf 'test\treq_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tsock_err\tnon2xx\tsrv_cpu%%\twrk_cpu%%\tirq_cpu%%\tother_cpu%%\tsrv_rss_peak_mb\n' > "$RES"

# ---------------------------------------------------------------------------------------------
# c) nginx baseline: a ~600-byte static JSON file, 1 worker, own config and prefix.
NGINX_PORT=$(pick_port "${NGINX_PORT:-18180}") || die "no free port for nginx"
NG="$OUT/nginx"; mkdir -p "$NG/html" "$NG/tmp"
{
  printf '{"ok":true,"message":"success","data":{"id":"0b7f6a52-3c1e-4d2a-9a51-000000000001","name":"static baseline",'
  printf '"description":"a fixed JSON document of about six hundred bytes, served by nginx from a file",'
  printf '"is_active":true,"trigger_node":{"type":"manual","config":{}},"nodes":['
  printf '{"id":"greet","type":"transform","name":"greet","config":{"output":{"greeting":"hello {{trigger.body.name}}","n":"{{trigger.body.n}}"}}},'
  printf '{"id":"respond","type":"transform","name":"respond","config":{"output":{"ok":true,"greeting":"{{prev.body.greeting}}","n":"{{prev.body.n}}"}}}],'
  printf '"created_at":"2025-04-30T07:00:05Z","updated_at":null}}'
} > "$NG/html/static.json"
chmod -R a+rX "$NG"
cat > "$NG/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $NG/nginx.pid;
error_log $NG/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NG/tmp/body; proxy_temp_path $NG/tmp/proxy; fastcgi_temp_path $NG/tmp/fcgi;
  uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;
  keepalive_timeout 65; keepalive_requests 1000000;
  server {
    listen $BENCH_HOST:$NGINX_PORT;
    root $NG/html;
    location = /static.json { default_type application/json; }
  }
}
CONF
nginx -t -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" >"$OUT/logs/nginx-test.log" 2>&1 \
  || { cat "$OUT/logs/nginx-test.log" >&2; die "nginx config test failed"; }
nginx -e "$NG/error.log" -p "$NG" -c "$NG/nginx.conf" >"$OUT/logs/nginx.log" 2>&1 &
NGINX_PID=$!
wait_http 10 "http://$BENCH_HOST:$NGINX_PORT/static.json" "$NGINX_PID" || die "nginx did not answer within 10 s"
STATIC_BYTES=$(curl -fsS -m 5 "http://$BENCH_HOST:$NGINX_PORT/static.json" | wc -c)
say "nginx: pid $NGINX_PID port $NGINX_PORT, static.json $STATIC_BYTES bytes"
WRK_METHOD=GET run_wrk nginx-static "$NGINX_PID" "http://$BENCH_HOST:$NGINX_PORT/static.json"
NGINX_RPS=$W_RPS
stop_pid "$NGINX_PID" 5; NGINX_PID=""

# ---------------------------------------------------------------------------------------------
# The server for a) and b); its startup is one more sample for d).
PORT=$(pick_port "${PORT:-18080}") || die "no free port for lenzflow"
DATA="$OUT/data"
BASE="http://$BENCH_HOST:$PORT"
SERVER_LOG="$OUT/logs/lenzflow.log"
start_lenzflow "$DATA" "$PORT" "$SERVER_LOG"
wait_http 20 "$BASE/healthz" "$LF_PID" || { tail -20 "$SERVER_LOG" >&2; die "lenzflow did not become ready within 20 s"; }
FIRST_READY_MS=$(ns_to_ms $(( $(now_ns) - LF_START_NS )))
sleep 2
RSS_IDLE_KB=$(vm_kb "$LF_PID" VmRSS)
say "lenzflow: pid $LF_PID port $PORT, ready in $FIRST_READY_MS ms, idle RSS $(kb_to_mb "$RSS_IDLE_KB") MB"
TOKEN=$(lenzflow_token "$DATA") || die "lenzflow token failed"
AUTH="Authorization: Bearer $TOKEN"

api() {  # api METHOD PATH [BODY]: sets API_BODY and API_STATUS (no -f: error bodies are kept)
  local out
  if [ $# -ge 3 ]; then
    out=$(curl -sS -m 10 -X "$1" -H "$AUTH" -H 'Content-Type: application/json' --data "$3" -w '\n%{http_code}' "$BASE$2") || out=$'\n000'
  else
    out=$(curl -sS -m 10 -X "$1" -H "$AUTH" -w '\n%{http_code}' "$BASE$2") || out=$'\n000'
  fi
  API_STATUS=${out##*$'\n'}
  API_BODY=${out%$'\n'*}
}

# a) 1,000 workflows through the API: one curl process, one keep-alive connection, one POST each.
say "creating $N_WORKFLOWS workflows through POST /api/workflows"
CFG="$OUT/create.curlrc"
: > "$CFG"
for i in $(seq 1 "$N_WORKFLOWS"); do
  body=$(printf '{"name":"bench-list-%04d","description":"list benchmark workflow %d","is_active":true,"trigger_node":{"type":"manual","config":{}},"nodes":[{"id":"greet","type":"transform","name":"greet","config":{"output":{"greeting":"hello {{trigger.body.name}}","n":"{{trigger.body.n}}"}}},{"id":"respond","type":"transform","name":"respond","config":{"output":{"ok":true,"greeting":"{{prev.body.greeting}}","n":"{{prev.body.n}}"}}}]}' "$i" "$i")
  printf 'url = "%s/api/workflows"\nrequest = "POST"\nheader = "%s"\nheader = "Content-Type: application/json"\ndata = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nmax-time = 10\n' \
    "$BASE" "$AUTH" "${body//\"/\\\"}" >> "$CFG"
  [ "$i" -lt "$N_WORKFLOWS" ] && echo next >> "$CFG"
done
t0=$(now_ns)
timeout 300 curl -sS -K "$CFG" > "$OUT/logs/create-status.txt" 2>"$OUT/logs/create-curl.err" || say "create: curl exited non-zero"
CREATE_MS=$(ns_to_ms $(( $(now_ns) - t0 )))
CREATED=$(grep -c '^201$' "$OUT/logs/create-status.txt" || true)
OTHER_CODES=$(grep -v '^201$' "$OUT/logs/create-status.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ';' || true)
say "created $CREATED/$N_WORKFLOWS in $CREATE_MS ms${OTHER_CODES:+ (other statuses: $OTHER_CODES)}"
rm -f "$CFG"
api GET "/api/workflows?page=1&limit=10"; LIST=$API_BODY
[ "$API_STATUS" = 200 ] || die "GET /api/workflows: status $API_STATUS: $LIST"
LIST_TOTAL=$(jq -r '.total_data' <<<"$LIST"); LIST_LEN=$(jq -r '.data | length' <<<"$LIST")
LIST_BYTES=$(printf '%s' "$LIST" | wc -c)
say "list page 1: $LIST_LEN items of total_data=$LIST_TOTAL, $LIST_BYTES bytes"
[ "$CREATED" = "$N_WORKFLOWS" ] && [ "$LIST_TOTAL" = "$N_WORKFLOWS" ] || die "expected $N_WORKFLOWS workflows, created $CREATED, listed $LIST_TOTAL"
record "create_workflows count=$CREATED ms=$CREATE_MS per_s=$(awk -v n="$CREATED" -v ms="$CREATE_MS" 'BEGIN{printf "%.0f", n/(ms/1000)}') list_total=$LIST_TOTAL list_page_bytes=$LIST_BYTES"

WRK_METHOD=GET WRK_AUTH="Bearer $TOKEN" run_wrk list "$LF_PID" "$BASE/api/workflows?page=1&limit=10"
LIST_RPS=$W_RPS

# b) execute: a two-node transform workflow, every run persisted.
api POST /api/workflows "$(exec_workflow_json)"; WF=$API_BODY
[ "$API_STATUS" = 201 ] || die "create execute workflow: status $API_STATUS: $WF"
WF_ID=$(jq -r '.data.id' <<<"$WF")
api POST "/api/workflows/$WF_ID/execute" "$REQ_BODY"; EX=$API_BODY
[ "$API_STATUS" = 200 ] || [ "$API_STATUS" = 201 ] || die "execute: status $API_STATUS: $EX"
EX_STATUS=$(jq -r '.data.status' <<<"$EX"); EX_OUT=$(jq -c '.data.node_results[-1].output' <<<"$EX")
EX_BYTES=$(printf '%s' "$EX" | wc -c)
[ "$EX_STATUS" = success ] && jq -e --argjson want "$EXPECTED_OUTPUT" '.data.node_results[-1].output == $want' <<<"$EX" >/dev/null \
  || die "execute: unexpected execution (status $EX_STATUS, last output $EX_OUT): $EX"
say "execute check: status $API_STATUS, run $EX_STATUS, last node output $EX_OUT, response $EX_BYTES bytes"

logs_total() {  # LOGS_TOTAL = total_data of the workflow's execution history (-1 on error)
  api GET "/api/workflows/$WF_ID/logs?limit=1"
  if [ "$API_STATUS" = 200 ]; then LOGS_TOTAL=$(jq -r '.total_data' <<<"$API_BODY"); else
    say "logs: status $API_STATUS: $API_BODY"; LOGS_TOTAL=-1; fi
}
# settled_total: SETTLED = total_data once it stops changing (runs still in flight finish), bounded 30 s
settled_total() {
  local a i
  logs_total; a=$LOGS_TOTAL
  for i in $(seq 1 60); do sleep 0.5; logs_total; [ "$LOGS_TOTAL" = "$a" ] && break; a=$LOGS_TOTAL; done
  SETTLED=$LOGS_TOTAL
}

# The warmup runs are persisted too, so "before" is read after the warmup: run_wrk does warmup then
# the measured run, so split them here to read the count in between.
EXEC_URL="$BASE/api/workflows/$WF_ID/execute"
wait_quiet execute
if [ "$WARMUP_S" -gt 0 ]; then
  WRK_METHOD=POST WRK_BODY="$REQ_BODY" WRK_AUTH="Bearer $TOKEN" warmup_wrk execute "$EXEC_URL"
fi
settled_total; BEFORE=$SETTLED
WARMUP_S_SAVED=$WARMUP_S; WARMUP_S=0
SKIP_QUIET=1 WRK_METHOD=POST WRK_BODY="$REQ_BODY" WRK_AUTH="Bearer $TOKEN" run_wrk execute "$LF_PID" "$EXEC_URL"
WARMUP_S=$WARMUP_S_SAVED
EXEC_RPS=$W_RPS
settled_total; AFTER=$SETTLED
PERSISTED=$((AFTER - BEFORE))
WRK_2XX=$((W_REQ - W_NON2XX))
INFLIGHT=$((PERSISTED - WRK_2XX))
if [ "$INFLIGHT" -ge 0 ] && [ "$INFLIGHT" -le "$CONNS" ]; then RUN_CHECK=ok; else RUN_CHECK=FAIL; fi
say "persistence (wrk run): logs total_data $BEFORE -> $AFTER = $PERSISTED persisted; wrk counted $WRK_2XX 2xx; difference $INFLIGHT (requests in flight when wrk stopped: 0..$CONNS) -> $RUN_CHECK"

# Exact check: VERIFY_N executes by curl (8 at a time); every one is answered, so the number of
# persisted runs must equal the number of 2xx answers exactly.
settled_total; V0=$SETTLED
seq 1 "$VERIFY_N" | timeout 120 xargs -P 8 -I{} curl -s -o /dev/null -m 10 -w '%{http_code}\n' -X POST \
  -H "$AUTH" -H 'Content-Type: application/json' --data "$REQ_BODY" "$EXEC_URL" > "$OUT/logs/verify-status.txt" || true
V2XX=$(grep -c '^2[0-9][0-9]$' "$OUT/logs/verify-status.txt" || true)
settled_total; V1=$SETTLED
VPERSISTED=$((V1 - V0))
if [ "$VPERSISTED" = "$V2XX" ] && [ "$V2XX" = "$VERIFY_N" ]; then EXACT_CHECK=ok; else EXACT_CHECK=FAIL; fi
say "persistence (exact): $VERIFY_N curl executes -> $V2XX answered 2xx, total_data $V0 -> $V1 = $VPERSISTED persisted -> $EXACT_CHECK"
record "persistence wrk_2xx=$WRK_2XX total_data_before=$BEFORE total_data_after=$AFTER persisted=$PERSISTED in_flight_at_stop=$INFLIGHT check=$RUN_CHECK exact_sent=$VERIFY_N exact_2xx=$V2XX exact_persisted=$VPERSISTED exact_check=$EXACT_CHECK"

RSS_HWM_KB=$(vm_kb "$LF_PID" VmHWM)
RSS_END_KB=$(vm_kb "$LF_PID" VmRSS)
THREADS_SRV=$(vm_kb "$LF_PID" Threads)
DB_MB=$(du -sm "$DATA" | awk '{print $1}')
SERVER_ERRORS=$(grep -cE 'level=(error|critical)' "$SERVER_LOG" || true)
SERVER_WARNS=$(grep -c 'level=warn' "$SERVER_LOG" || true)
stop_pid "$LF_PID" 15
SERVER_EXIT="exit_$STOP_RC"; [ "$STOP_KILLED" = 1 ] && SERVER_EXIT="killed_after_15s"
LF_PID=""

# ---------------------------------------------------------------------------------------------
# d) startup: exec -> first 200 from /healthz, STARTS times on an empty data dir and STARTS times
# on the data dir just used (jwt key, ~$N_WORKFLOWS workflows and every execution above).
STARTUP_IDLE_RSS_KB=0
startup_samples() {  # startup_samples LABEL DATA_DIR_OR_EMPTY -> appends ms values to S_<LABEL>
  local label="$1" dir="$2" i d port ms samples=""
  for i in $(seq 1 "$STARTS"); do
    if [ -z "$dir" ]; then d="$OUT/start-$i"; rm -rf "$d"; else d="$dir"; fi
    port=$(pick_port "$PORT") || die "no free port"
    start_lenzflow "$d" "$port" "$OUT/logs/startup-$label.log"
    if wait_http 20 "http://$BENCH_HOST:$port/healthz" "$LF_PID"; then
      ms=$(ns_to_ms $(( $(now_ns) - LF_START_NS )))
      if [ "$label" = empty ] && [ "$i" = 1 ]; then sleep 1; STARTUP_IDLE_RSS_KB=$(vm_kb "$LF_PID" VmRSS); fi
    else
      say "startup $label $i: not ready within 20 s"; ms=NA
    fi
    samples="$samples$ms "
    stop_pid "$LF_PID" 10; LF_PID=""
    if [ -z "$dir" ]; then rm -rf "$d"; fi
  done
  printf -v "S_$label" '%s' "$samples"
}
median() { tr ' ' '\n' | grep -v '^NA$' | grep . | sort -n | awk '{a[NR]=$1} END{if(NR==0){print "NA"} else if(NR%2){print a[(NR+1)/2]} else {printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}}'; }
wait_quiet startup
startup_samples empty ""
startup_samples populated "$DATA"
S_EMPTY=$S_empty; S_FULL=$S_populated
MED_EMPTY=$(median <<<"$S_EMPTY"); MED_FULL=$(median <<<"$S_FULL")
say "startup ms, empty data dir: $S_EMPTY(median $MED_EMPTY); populated: $S_FULL(median $MED_FULL)"
record "startup runs=$STARTS empty_median_ms=$MED_EMPTY populated_median_ms=$MED_FULL empty_ms=$(tr ' ' ',' <<<"${S_EMPTY% }") populated_ms=$(tr ' ' ',' <<<"${S_FULL% }") first_start_ms=$FIRST_READY_MS"
record "rss idle_mb=$(kb_to_mb "$RSS_IDLE_KB") idle_fresh_mb=$(kb_to_mb "$STARTUP_IDLE_RSS_KB") peak_hwm_mb=$(kb_to_mb "$RSS_HWM_KB") end_mb=$(kb_to_mb "$RSS_END_KB") server_threads=$THREADS_SRV data_dir_mb=$DB_MB"

RATIO_LIST=$(awk -v a="$LIST_RPS" -v b="$NGINX_RPS" 'BEGIN{printf "%.3f", a/b}')
RATIO_EXEC=$(awk -v a="$EXEC_RPS" -v b="$NGINX_RPS" 'BEGIN{printf "%.3f", a/b}')
record "ratio list_over_nginx=$RATIO_LIST execute_over_nginx=$RATIO_EXEC"
record "build sha256_12=$BIN_SHA build_type=${BUILD_TYPE:-default} cores=$(nproc) threads=$THREADS conns=$CONNS duration_s=$DURATION_S warmup_s=$WARMUP_S"
record "server log_error_lines=$SERVER_ERRORS log_warn_lines=$SERVER_WARNS after_sigterm=$SERVER_EXIT"

# ---------------------------------------------------------------------------------------------
echo
echo "Lenzflow bench  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores (shared by server and wrk), loopback"
echo "binary sha256 $BIN_SHA (build type: ${BUILD_TYPE:-default = RelWithDebInfo}), $("$LENZFLOW_BIN" version 2>/dev/null || true); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); nginx $(nginx -v 2>&1 | sed 's/.*\///')"
echo "wrk -t$THREADS -c$CONNS -d${DURATION_S}s --latency (after ${WARMUP_S}s warmup); latencies from wrk (not corrected for coordinated omission)"
echo "list = GET /api/workflows?page=1&limit=10 with $N_WORKFLOWS workflows ($LIST_BYTES-byte response);"
echo "execute = POST /api/workflows/{id}/execute, 2 transform nodes, persisted ($EX_BYTES-byte response);"
echo "nginx-static = nginx 1 worker, GET of a $STATIC_BYTES-byte JSON file. sock_err = connect/read/write/timeout."
echo
column -t -s $'\t' "$RES"
echo
printf '%-34s %s\n' "list req/s / nginx req/s" "$RATIO_LIST"
printf '%-34s %s\n' "execute req/s / nginx req/s" "$RATIO_EXEC"
printf '%-34s %s\n' "persisted during execute run" "$PERSISTED (logs total_data $BEFORE -> $AFTER)"
printf '%-34s %s\n' "2xx counted by wrk" "$WRK_2XX  (difference $INFLIGHT = in flight when wrk stopped, allowed 0..$CONNS: $RUN_CHECK)"
printf '%-34s %s\n' "exact check ($VERIFY_N curl executes)" "$V2XX answered 2xx, $VPERSISTED persisted: $EXACT_CHECK"
printf '%-34s %s\n' "server RSS idle after start" "$(kb_to_mb "$RSS_IDLE_KB") MB (fresh data dir: $(kb_to_mb "$STARTUP_IDLE_RSS_KB") MB)"
printf '%-34s %s\n' "server RSS peak (VmHWM)" "$(kb_to_mb "$RSS_HWM_KB") MB (end of run: $(kb_to_mb "$RSS_END_KB") MB, $THREADS_SRV threads)"
printf '%-34s %s\n' "startup exec -> 200 /healthz" "median $MED_EMPTY ms empty data dir [$S_EMPTY], $MED_FULL ms populated [$S_FULL]"
printf '%-34s %s\n' "create $N_WORKFLOWS workflows (1 conn)" "$CREATE_MS ms"
printf '%-34s %s\n' "server log (level warn)" "$SERVER_ERRORS error lines, $SERVER_WARNS warn lines; after SIGTERM: $SERVER_EXIT; data dir $DB_MB MB"
echo
cat "$MACHINE"
echo "(raw: $OUT)"

# ---------------------------------------------------------------------------------------------
# e) optional peers, through their own harness
if [ "$RUN_PEERS" = 1 ]; then
  PEERS_HARNESS=/work/shared/bench-peers
  PEERS_DIR="${PEERS_DIR:-/tmp/peers}"
  peers=()
  [ -f "$PEERS_DIR/node-red/node_modules/node-red/red.js" ] && peers+=(node-red) || say "peers: node-red not installed in $PEERS_DIR (bash $PEERS_HARNESS/install.sh); skipped"
  [ -x "$PEERS_DIR/n8n/node_modules/.bin/n8n" ] && peers+=(n8n-save) || say "peers: n8n not installed in $PEERS_DIR (bash $PEERS_HARNESS/install.sh); skipped"
  if [ ${#peers[@]} -gt 0 ]; then
    say "peers: running $PEERS_HARNESS/run.sh ${peers[*]} (its own table follows)"
    PEERS_DIR="$PEERS_DIR" DURATION="$DURATION_S" CONNS="$CONNS" THREADS="$THREADS" \
      bash "$PEERS_HARNESS/run.sh" "${peers[@]}" || say "peers: run.sh exited non-zero"
  else
    say "peers: nothing to run"
  fi
fi
