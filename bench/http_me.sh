#!/usr/bin/env bash
# bench/http_me.sh BINARY -- wrk on loopback: authenticated GET /api/me on
# Rebound beside nginx serving the same body as a static file, same run.
#
# Prints a Markdown block (machine, date, command, results, PASS/FAIL against
# the targets) on stdout; progress goes to stderr.  Exits non-zero only when
# the benchmark itself is broken (server does not start, non-2xx responses,
# wrk fails), not when a target is missed.
#
# Environment:
#   BENCH_THREADS   passed to `rebound serve --threads` (default: server's own)
#   BENCH_DURATION  seconds per measured wrk run (default 10)
#   BENCH_ROUNDS    interleaved rounds, median reported (default 3)
#   BENCH_CONNS     wrk connections (default 64)
set -euo pipefail

BIN=${1:?usage: bench/http_me.sh BINARY}
[ -x "$BIN" ] || { echo "http_me: $BIN is not an executable" >&2; exit 2; }
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

DURATION=${BENCH_DURATION:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNS:-64}
WRK_ARGS=(-t2 "-c$CONNS" "-d${DURATION}s" --latency)
# Targets from the issue.
TARGET_RATIO=50   # % of nginx's requests/s, at least
TARGET_P99=5      # ms, below
TARGET_RSS=20     # MiB peak RSS (VmHWM), below

PATH=$PATH:/usr/sbin:/sbin   # nginx lives in sbin
for tool in wrk nginx curl python3 timeout; do
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "http_me: $tool not found (run scripts/bootstrap --bench)" >&2; exit 2; }
done

log() { echo "http_me: $*" >&2; }

T=$(mktemp -d "${TMPDIR:-/tmp}/rebound-bench.XXXXXX")
RB_PID=""
WRK_PID=""
NGX_CONF="$T/nginx/nginx.conf"

cleanup() {
    local rc=$?
    if [ -n "$WRK_PID" ]; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
    if [ -n "$RB_PID" ] && kill -0 "$RB_PID" 2>/dev/null; then
        kill -TERM "$RB_PID" 2>/dev/null || true
        # serve drains for up to 10 s; do not wait longer than that.
        for _ in $(seq 1 120); do kill -0 "$RB_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$RB_PID" 2>/dev/null || true
        wait "$RB_PID" 2>/dev/null || true
    fi
    if [ -s "$T/nginx/nginx.pid" ]; then
        local npid
        npid=$(cat "$T/nginx/nginx.pid")
        nginx -p "$T/nginx" -c "$NGX_CONF" -e "$T/nginx/error.log" -s quit 2>/dev/null ||
            kill -QUIT "$npid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$npid" 2>/dev/null || true
    fi
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Rebound --------------------------------------------------------------
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)   # other work on the box skews everything
log "init demo database"
"$BIN" init --db "$T/r.db" --demo >/dev/null

serve_args=(serve --db "$T/r.db" --listen 127.0.0.1:0 --quiet --web /nonexistent)
[ -n "${BENCH_THREADS:-}" ] && serve_args+=(--threads "$BENCH_THREADS")
"$BIN" "${serve_args[@]}" >"$T/serve.out" 2>"$T/serve.err" &
RB_PID=$!

RB_PORT=""
for _ in $(seq 1 50); do
    RB_PORT=$(sed -n '1s|^rebound: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$T/serve.out")
    [ -n "$RB_PORT" ] && break
    kill -0 "$RB_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$RB_PORT" ]; then
    log "rebound did not start:"; cat "$T/serve.out" "$T/serve.err" >&2; exit 1
fi
RB_URL="http://127.0.0.1:$RB_PORT/api/me"
log "rebound pid $RB_PID on port $RB_PORT"

TOKEN=$(curl -sS --max-time 5 -X POST "http://127.0.0.1:$RB_PORT/api/login" \
    -H 'Content-Type: application/json' \
    -d '{"email":"owner@riverside.example","password":"rebound-demo-2026"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"

mkdir -p "$T/www"
code=$(curl -sS --max-time 5 -o "$T/www/me.json" -w '%{http_code}' -H "$AUTH" "$RB_URL")
[ "$code" = 200 ] || { log "GET /api/me answered $code"; exit 1; }
BODY_BYTES=$(wc -c <"$T/www/me.json")

# --- nginx ----------------------------------------------------------------
NGX_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$T/nginx/tmp"
NGX_USER=""
[ "$(id -u)" = 0 ] && NGX_USER="user root;"   # workers must read the 0700 temp dir
NGX_TEMPS=""
for kind in client_body proxy fastcgi uwsgi scgi; do
    m=$kind; [ "$kind" = client_body ] || m=http_$kind
    nginx -V 2>&1 | grep -q -- "--without-${m}_module" ||
        NGX_TEMPS="$NGX_TEMPS    ${kind}_temp_path $T/nginx/tmp/$kind;"$'\n'
done
cat >"$NGX_CONF" <<EOF
$NGX_USER
worker_processes 2;
daemon on;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
$NGX_TEMPS    open_file_cache max=100 inactive=60s;
    open_file_cache_valid 60s;
    server {
        listen 127.0.0.1:$NGX_PORT;
        root $T/www;
        location = /api/me { default_type application/json; try_files /me.json =404; }
    }
}
EOF
nginx -p "$T/nginx" -c "$NGX_CONF" -e "$T/nginx/error.log"
NGX_URL="http://127.0.0.1:$NGX_PORT/api/me"
for _ in $(seq 1 50); do
    curl -s --max-time 1 -o /dev/null "$NGX_URL" && break
    sleep 0.1
done
cmp -s "$T/www/me.json" <(curl -sS --max-time 5 "$NGX_URL") ||
    { log "nginx does not serve the same body:"; cat "$T/nginx/error.log" >&2; exit 1; }
log "nginx pid $(cat "$T/nginx/nginx.pid") on port $NGX_PORT, body $BODY_BYTES bytes"

# --- Load -----------------------------------------------------------------
run_wrk() { # NAME OUTFILE [wrk args...]
    local name=$1 out=$2; shift 2
    # In the background, so a signal runs the EXIT trap at once.
    timeout $((DURATION + 20)) wrk "$@" >"$out" 2>&1 &
    WRK_PID=$!
    if ! wait "$WRK_PID"; then
        log "wrk against $name failed:"; cat "$out" >&2; exit 1
    fi
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
        log "$name answered non-2xx:"; cat "$out" >&2; exit 1
    fi
}
rebound() { run_wrk rebound "$1" "${WRK_ARGS[@]}" -H "$AUTH" "$RB_URL"; }
nginx_() { run_wrk nginx "$1" "${WRK_ARGS[@]}" "$NGX_URL"; }

# The login above ran Argon2id (libsodium's INTERACTIVE limit: 64 MiB), which
# sets the process's peak RSS on its own.  Record that peak, then reset it
# (Linux >= 4.0: "5" > clear_refs) so VmHWM at the end is the peak under load.
SETUP_HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$RB_PID/status")
{ echo 5 >"/proc/$RB_PID/clear_refs"; } 2>/dev/null || SETUP_HWM=""

log "warm-up (2 s each)"
run_wrk rebound "$T/warm.rb" -t2 "-c$CONNS" -d2s -H "$AUTH" "$RB_URL"
run_wrk nginx "$T/warm.ngx" -t2 "-c$CONNS" -d2s "$NGX_URL"
for i in $(seq 1 "$ROUNDS"); do
    # Alternate which server goes first, so neither always runs on a cooler box.
    if [ $((i % 2)) = 1 ]; then order="rebound nginx_"; else order="nginx_ rebound"; fi
    for s in $order; do
        log "round $i/$ROUNDS: ${s%_} (${DURATION} s)"
        "$s" "$T/wrk.${s%_}.$i"
        log "  $(awk '/^Requests\/sec:/ {r = $2} / 99%/ {p = $2} END {print r " req/s, p99 " p}' "$T/wrk.${s%_}.$i")"
    done
done

RB_STATUS=$(grep -E '^(VmHWM|VmRSS|Threads):' "/proc/$RB_PID/status")
NGX_HWM=0
for p in $(cat "$T/nginx/nginx.pid") $(pgrep -P "$(cat "$T/nginx/nginx.pid")" || true); do
    kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    NGX_HWM=$((NGX_HWM + ${kb:-0}))
done

# --- Report ---------------------------------------------------------------
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
export T ROUNDS CONNS BODY_BYTES SETUP_HWM RB_STATUS NGX_HWM TARGET_RATIO TARGET_P99 TARGET_RSS
MACHINE="$(nproc) CPUs, ${CPU:-unknown CPU}, $MEM RAM, $(uname -sr); load average before the run: $LOAD"
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
WRK_CMD="wrk ${WRK_ARGS[*]} http://127.0.0.1:PORT/api/me (Rebound: plus -H Authorization: Bearer TOKEN)"
THREADS=${BENCH_THREADS:-default (4 x CPUs)}
VERSION=$("$BIN" version 2>/dev/null | head -1 || echo rebound)
NGX_VERSION=$(nginx -v 2>&1 | sed 's|^nginx version: ||')
export MACHINE DATE WRK_CMD THREADS VERSION NGX_VERSION
python3 - <<'EOF'
import os, re, statistics

env = os.environ
T, rounds = env["T"], int(env["ROUNDS"])
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

def parse(path):
    text = open(path).read()
    rps = float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1))
    lat = lambda q: (lambda m: float(m.group(1)) * UNIT[m.group(2)])(
        re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s|m)\b", text, re.M))
    errs = re.search(r"Socket errors: (.*)", text)
    return rps, lat(99), lat(50), errs.group(1) if errs else None

res = {}
for name in ("rebound", "nginx"):
    runs = [parse(f"{T}/wrk.{name}.{i}") for i in range(1, rounds + 1)]
    res[name] = {
        "rps": [r[0] for r in runs],
        "p99": [r[1] for r in runs],
        "p50": [r[2] for r in runs],
        "errs": [r[3] for r in runs if r[3]],
    }

st = dict(l.split(":", 1) for l in env["RB_STATUS"].splitlines())
kb = lambda k: int(st[k].split()[0])
hwm, rss = kb("VmHWM"), kb("VmRSS")
setup = int(env["SETUP_HWM"]) if env["SETUP_HWM"] else None
# Peak over the whole process life, login included.
whole = max(hwm, setup) if setup else hwm
ratio = 100 * statistics.median(res["rebound"]["rps"]) / statistics.median(res["nginx"]["rps"])
# Same ratio round by round: neighbouring runs share the box's background load.
per_round = ", ".join(f"{100 * a / b:.0f}%" for a, b in zip(res["rebound"]["rps"], res["nginx"]["rps"]))
p99 = statistics.median(res["rebound"]["p99"])
ok = lambda b: "PASS" if b else "FAIL"

def row(name, mem):
    r = res[name]
    return (f"| {name} | {statistics.median(r['rps']):,.0f} "
            f"({min(r['rps']):,.0f}–{max(r['rps']):,.0f}) | "
            f"{statistics.median(r['p99']):.2f} ms "
            f"({min(r['p99']):.2f}–{max(r['p99']):.2f}) | "
            f"{statistics.median(r['p50']):.2f} ms | {mem} |")

print(f"""### GET /api/me, {env['DATE']}

- Machine: {env['MACHINE']}
- Servers: {env['VERSION']}, release build, `--threads` {env['THREADS']}, `--quiet`
  ({int(st['Threads'])} threads in the process); {env['NGX_VERSION']}, 2 workers, static file
- Body: {env['BODY_BYTES']} bytes of JSON, identical from both servers
- Load: `{env['WRK_CMD']}`, 2 s warm-up each, then {rounds} interleaved rounds;
  median (min–max) over the rounds

| server | requests/s | p99 latency | p50 | peak RSS |
|---|---|---|---|---|
{row('rebound', f"{hwm / 1024:.1f} MiB under load ({rss / 1024:.1f} MiB at end; {whole / 1024:.1f} MiB incl. login)")}
{row('nginx', f"{int(env['NGX_HWM']) / 1024:.1f} MiB (master + workers)")}

| target | measured | |
|---|---|---|
| rate ≥ {env['TARGET_RATIO']}% of nginx | {ratio:.1f}% (by round: {per_round}) | {ok(ratio >= float(env['TARGET_RATIO']))} |
| p99 < {env['TARGET_P99']} ms at {env['CONNS']} connections | {p99:.2f} ms | {ok(p99 < float(env['TARGET_P99']))} |
| peak RSS < {env['TARGET_RSS']} MiB, under load | {hwm / 1024:.1f} MiB | {ok(hwm < float(env['TARGET_RSS']) * 1024)} |
| peak RSS < {env['TARGET_RSS']} MiB, whole run incl. the one login | {whole / 1024:.1f} MiB | {ok(whole < float(env['TARGET_RSS']) * 1024)} |""")
if setup is None:
    print("\n(clear_refs unavailable: the under-load peak includes the login.)")
for name in ("rebound", "nginx"):
    for e in res[name]["errs"]:
        print(f"\nwrk socket errors ({name}): {e}")
EOF
