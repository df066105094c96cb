# Helpers shared by the Lenzflow bench scripts. Sourced, not run.
# Everything targets 127.0.0.1; every wait is bounded; processes are stopped by their own pid.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_HOST=127.0.0.1
LENZFLOW_BIN="${LENZFLOW_BIN:-$REPO_DIR/build/lenzflow}"

say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

now_ns() { date +%s%N; }
ns_to_ms() { awk -v n="$1" 'BEGIN{printf "%.1f", n/1e6}'; }

# seconds from "10s", "10", "2m"
parse_seconds() {
  case "$1" in
    *m) echo $(( ${1%m} * 60 ));;
    *s) echo "${1%s}";;
    *) echo "$1";;
  esac
}

# port_free PORT: nothing accepts connections on 127.0.0.1:PORT
port_free() { ! (exec 3<>"/dev/tcp/$BENCH_HOST/$1") 2>/dev/null; }

# pick_port START: first free port from START (tries 200)
pick_port() {
  local p="$1" end=$(( $1 + 200 ))
  while [ "$p" -lt "$end" ]; do port_free "$p" && { echo "$p"; return 0; }; p=$((p + 1)); done
  return 1
}

# kv KEY LINE: value of KEY=value in a line of space-separated pairs
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

# /proc readings (KiB); 0 when the process is gone
vm_kb() { awk -v k="$2:" '$1==k{print $2; f=1} END{if(!f) print 0}' "/proc/$1/status" 2>/dev/null || echo 0; }
kb_to_mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
# utime+stime ticks of one process (all its threads)
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# pids of a process and its descendants; summed ticks over them (nginx: master + worker)
tree_pids() { local c; echo "$1"; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree_pids "$c"; done; }
tree_ticks() { local s=0 p; for p in $(tree_pids "$1"); do s=$((s + $(proc_ticks "$p"))); done; echo "$s"; }
tree_rss_kb() { local s=0 p; for p in $(tree_pids "$1"); do s=$((s + $(vm_kb "$p" VmRSS))); done; echo "$s"; }
# machine-wide busy ticks of processes (all cores): user+nice+system. irq/softirq are left out:
# loopback TCP is processed largely in softirq, which no process is charged for.
busy_ticks() { awk '/^cpu /{print $2+$3+$4; exit}' /proc/stat; }
softirq_ticks() { awk '/^cpu /{print $7+$8; exit}' /proc/stat; }

# wait_http TIMEOUT_S URL [PID]: poll URL until it answers 2xx; fails on timeout or when PID died.
wait_http() {
  local timeout_ns=$(( $1 * 1000000000 )) url="$2" pid="${3:-}" t0
  t0=$(now_ns)
  while true; do
    curl -fsS -m 1 -o /dev/null "$url" 2>/dev/null && return 0
    [ $(( $(now_ns) - t0 )) -gt "$timeout_ns" ] && return 1
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.005
  done
}

# stop_pid PID [GRACE_S]: TERM, wait (bounded), then KILL. By pid only. Sets STOP_RC (exit status,
# when PID is a child of this shell) and STOP_KILLED (1 when it had to be killed).
stop_pid() {
  local pid="$1" grace="${2:-10}" i
  STOP_RC=""; STOP_KILLED=0
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $(( grace * 20 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop within ${grace}s; KILL"
      kill -KILL "$pid" 2>/dev/null || true
      STOP_KILLED=1
    fi
  fi
  wait "$pid" 2>/dev/null && STOP_RC=0 || STOP_RC=$?
  return 0
}

# start_lenzflow DATA_DIR PORT LOGFILE: starts the server in the background (own process),
# sets LF_PID and LF_START_NS (just before exec). Does not wait.
start_lenzflow() {
  local data="$1" port="$2" logf="$3"
  mkdir -p "$data"
  LF_START_NS=$(now_ns)
  LENZFLOW_LOG_LEVEL="${LENZFLOW_LOG_LEVEL:-warn}" "$LENZFLOW_BIN" serve \
    --listen "$BENCH_HOST:$port" --data-dir "$data" --shutdown-grace 5 >>"$logf" 2>&1 &
  LF_PID=$!
}

lenzflow_token() { "$LENZFLOW_BIN" token --data-dir "$1" --sub bench --ttl "${2:-2h}"; }

# The bench workflow: manual trigger -> transform -> transform (see README).
exec_workflow_json() {
  cat <<'JSON'
{"name":"bench-execute","description":"bench: two transform nodes","is_active":true,
 "trigger_node":{"type":"manual","config":{}},
 "nodes":[
  {"id":"greet","type":"transform","name":"greet",
   "config":{"output":{"greeting":"hello {{trigger.body.name}}","n":"{{trigger.body.n}}"}}},
  {"id":"respond","type":"transform","name":"respond",
   "config":{"output":{"ok":true,"greeting":"{{prev.body.greeting}}","n":"{{prev.body.n}}"}}}
 ]}
JSON
}

# quiet_wait MAX_S: wait (bounded, untimed) until the rest of the machine is nearly idle: less than
# QUIET_PCT (default 25) % of one core busy over 1 s. Prints the last busy % seen.
quiet_wait() {
  local max_s="$1" start a b pct hz
  hz=$(getconf CLK_TCK); start=$(date +%s)
  while true; do
    a=$(busy_ticks); sleep 1; b=$(busy_ticks)
    pct=$(( (b - a) * 100 / hz ))
    if [ "$pct" -lt "${QUIET_PCT:-25}" ] || [ $(( $(date +%s) - start )) -ge "$max_s" ]; then echo "$pct"; return 0; fi
    sleep 1
  done
}
