#!/usr/bin/env bash
# Loopback load and soak, each server driven in turn by wrk with the signed create-room
# callback:
#   bare    hyper answering OK with no checks (`load_target`, LOAD_MODE=bare);
#   layer   the same hyper server with CallbackLayer + handler_fn in front (LOAD_MODE=layer):
#           the difference between the two is the crate's cost;
#   server  the `server` example as shipped, which also writes every callback to stdout as a
#           JSON line (here /dev/null) from a worker thread, and bounds each request's time;
#   durable the `durable` example's receiver (feature `redis`): each callback appended to a
#           Redis stream (a local redis-server with AOF, `appendfsync everysec`) before the OK;
#           no worker runs meanwhile, so the receiver's cost is measured alone.
#
#   bash scripts/load.sh                # 20 s per server, then a soak of 1,000,000 requests
#   DURATION=10 CONNECTIONS=32 SOAK=200000 bash scripts/load.sh
#   DURATION=10 SOAK=0 bash scripts/load.sh      # the comparison only, no soak
#
# Installs wrk and redis-server from Debian's packages when they are missing. Prints
# requests/s, p50/p99 latency, errors, and the servers' RSS before and after the soak (the soak
# leaves out the durable receiver, whose stream would grow by every request). Traffic goes to
# 127.0.0.1 only, and every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20}"          # seconds per comparison run
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"             # wrk threads: 2 cores are shared by wrk and the server
SOAK="${SOAK:-1000000}"             # requests in the soak; 0 skips it
SEGMENT="${SEGMENT:-15}"            # seconds per soak segment (the signature window is 60 s)
APP_ID=1400000000
TOKEN=load-test-token
SERVER_PORT="${SERVER_PORT:-18080}"
BARE_PORT="${BARE_PORT:-18081}"
LAYER_PORT="${LAYER_PORT:-18082}"
DURABLE_PORT="${DURABLE_PORT:-18083}"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk"
    apt-get update -qq >/dev/null
    apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --features redis --example server --example load_target --example durable
examples="${CARGO_TARGET_DIR:-target}/release/examples"
scratch="$(mktemp -d)"
pids=()
REDIS_DIR=""
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "$REDIS_DIR" ]; then bash scripts/redis.sh stop "$REDIS_DIR" || true; fi
    rm -rf "$scratch"
}
trap cleanup EXIT
eval "$(bash scripts/redis.sh start)"

cp tests/fixtures/room-after-create-room.json "$scratch/body.json"
cat >"$scratch/post.lua" <<'LUA'
wrk.method = "POST"
wrk.path = os.getenv("CALLBACK_PATH")
local file = io.open(os.getenv("CALLBACK_BODY"), "rb")
wrk.body = file:read("*a")
file:close()
LUA

# A freshly signed path: RequestTime must stay within the server's 60-second window.
signed_path() {
    local now sign
    now="$(date +%s)"
    sign="$(printf '%s%s' "$TOKEN" "$now" | sha256sum | cut -d' ' -f1)"
    printf '/callback?SdkAppid=%s&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=%s&RequestTime=%s' \
        "$APP_ID" "$sign" "$now"
}

wait_for_port() {
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on port $1" >&2
    return 1
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# Runs wrk for $2 seconds against port $1; prints "requests rps p50 p99 errors".
run_wrk() {
    local port="$1" seconds="$2" out="$scratch/wrk.out"
    CALLBACK_PATH="$(signed_path)" CALLBACK_BODY="$scratch/body.json" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$scratch/post.lua" \
        "http://127.0.0.1:$port" >"$out"
    local requests rps p50 p99 errors
    requests="$(awk '/requests in/ {print $1}' "$out")"
    rps="$(awk '/^Requests\/sec/ {print $2}' "$out")"
    p50="$(awk '$1 == "50%" {print $2}' "$out")"
    p99="$(awk '$1 == "99%" {print $2}' "$out")"
    errors="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")"
    echo "$requests $rps $p50 $p99 $errors"
}

LOAD_MODE=bare LOAD_BIND="127.0.0.1:$BARE_PORT" "$examples/load_target" 2>"$scratch/bare.err" &
pids+=($!)
LOAD_MODE=layer LOAD_BIND="127.0.0.1:$LAYER_PORT" LOAD_TOKEN="$TOKEN" \
    "$examples/load_target" 2>"$scratch/layer.err" &
layer_pid=$!
pids+=("$layer_pid")
TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$SERVER_PORT" \
    "$examples/server" >/dev/null 2>"$scratch/server.err" &
server_pid=$!
pids+=("$server_pid")
# The backlog bound is lifted: nothing drains the stream during the run.
TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$DURABLE_PORT" \
    REDIS_URL="$REDIS_URL" DURABLE_STREAM=load:callbacks DURABLE_MAX_BACKLOG=1000000000 \
    "$examples/durable" receive 2>"$scratch/durable.err" &
pids+=($!)
for port in "$BARE_PORT" "$LAYER_PORT" "$SERVER_PORT" "$DURABLE_PORT"; do wait_for_port "$port"; done

# Warm each up, then measure each in turn with the same load.
for port in "$BARE_PORT" "$LAYER_PORT" "$SERVER_PORT" "$DURABLE_PORT"; do run_wrk "$port" 2 >/dev/null; done
redis-cli -u "$REDIS_URL" del load:callbacks >/dev/null
read -r _ bare_rps bare_p50 bare_p99 bare_errors < <(run_wrk "$BARE_PORT" "$DURATION")
read -r _ layer_rps layer_p50 layer_p99 layer_errors < <(run_wrk "$LAYER_PORT" "$DURATION")
read -r _ server_rps server_p50 server_p99 server_errors < <(run_wrk "$SERVER_PORT" "$DURATION")
read -r durable_requests durable_rps durable_p50 durable_p99 durable_errors < <(run_wrk "$DURABLE_PORT" "$DURATION")
durable_stored="$(redis-cli -u "$REDIS_URL" xlen load:callbacks)"
redis-cli -u "$REDIS_URL" del load:callbacks >/dev/null

echo
echo "load: ${DURATION}s each, $CONNECTIONS connections, $THREADS wrk thread(s), signed create-room"
printf '%-34s %12s %10s %10s %8s\n' target requests/s p50 p99 errors
printf '%-34s %12s %10s %10s %8s\n' "bare hyper" "$bare_rps" "$bare_p50" "$bare_p99" "$bare_errors"
printf '%-34s %12s %10s %10s %8s\n' "hyper + CallbackLayer" "$layer_rps" "$layer_p50" "$layer_p99" "$layer_errors"
printf '%-34s %12s %10s %10s %8s\n' "server example (prints each)" "$server_rps" "$server_p50" "$server_p99" "$server_errors"
printf '%-34s %12s %10s %10s %8s\n' "durable receiver (Redis stream)" "$durable_rps" "$durable_p50" "$durable_p99" "$durable_errors"
awk -v a="$layer_rps" -v b="$bare_rps" 'BEGIN {printf "throughput ratio, layer / bare: %.3f\n", a / b}'
awk -v a="$server_rps" -v b="$bare_rps" 'BEGIN {printf "throughput ratio, server example / bare: %.3f\n", a / b}'
awk -v a="$durable_rps" -v b="$server_rps" 'BEGIN {printf "throughput ratio, durable receiver / server example: %.3f\n", a / b}'
echo "durable receiver: $durable_requests requests answered, $durable_stored stored in the stream"

# Soak: at least $SOAK requests against each of the crate's servers, in signed segments.
soak() {
    local pid="$1" port="$2" name="$3" before after total=0 errors=0 requests failed
    before="$(rss_kib "$pid")"
    while [ "$total" -lt "$SOAK" ]; do
        read -r requests _ _ _ failed < <(run_wrk "$port" "$SEGMENT")
        total=$((total + requests))
        errors=$((errors + failed))
    done
    after="$(rss_kib "$pid")"
    echo "soak, $name: $total requests, $errors errors; RSS ${before} KiB before, ${after} KiB after ($((after - before)) KiB growth)"
}
if [ "$SOAK" -gt 0 ]; then
    echo
    soak "$layer_pid" "$LAYER_PORT" "hyper + CallbackLayer"
    soak "$server_pid" "$SERVER_PORT" "server example"
fi
