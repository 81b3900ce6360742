#!/usr/bin/env bash
# Loopback load and soak: the release `server` example against `bare_server` (hyper answering
# OK with no checks), each driven in turn by wrk with the signed create-room callback.
#
#   bash scripts/load.sh                # 20 s per server, then a soak of 1,000,000 requests
#   DURATION=10 CONNECTIONS=32 SOAK=200000 bash scripts/load.sh
#
# Installs wrk from Debian's packages when it is missing. Prints requests/s, p50/p99 latency,
# errors, and the server's RSS before and after the soak. Traffic goes to 127.0.0.1 only, and
# every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20}"          # seconds per comparison run
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"             # wrk threads: 2 cores are shared by wrk and the server
SOAK="${SOAK:-1000000}"             # requests in the soak
SEGMENT="${SEGMENT:-15}"            # seconds per soak segment (the signature window is 60 s)
APP_ID=1400000000
TOKEN=load-test-token
SERVER_PORT="${SERVER_PORT:-18080}"
BARE_PORT="${BARE_PORT:-18081}"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk"
    apt-get update -qq >/dev/null
    apt-get install -y -qq wrk >/dev/null
fi

cargo build --release --example server --example bare_server
examples=target/release/examples
scratch="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

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

BARE_BIND="127.0.0.1:$BARE_PORT" "$examples/bare_server" 2>"$scratch/bare.err" &
pids+=($!)
TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$SERVER_PORT" \
    "$examples/server" >/dev/null 2>"$scratch/server.err" &
server_pid=$!
pids+=("$server_pid")
wait_for_port "$BARE_PORT"
wait_for_port "$SERVER_PORT"

# Warm both up, then measure each in turn with the same load.
run_wrk "$BARE_PORT" 2 >/dev/null
run_wrk "$SERVER_PORT" 2 >/dev/null
read -r _ bare_rps bare_p50 bare_p99 bare_errors < <(run_wrk "$BARE_PORT" "$DURATION")
read -r _ crate_rps crate_p50 crate_p99 crate_errors < <(run_wrk "$SERVER_PORT" "$DURATION")

echo
echo "load: ${DURATION}s each, $CONNECTIONS connections, $THREADS wrk thread(s), signed create-room"
printf '%-22s %12s %10s %10s %8s\n' server requests/s p50 p99 errors
printf '%-22s %12s %10s %10s %8s\n' bare_server "$bare_rps" "$bare_p50" "$bare_p99" "$bare_errors"
printf '%-22s %12s %10s %10s %8s\n' "server (the crate)" "$crate_rps" "$crate_p50" "$crate_p99" "$crate_errors"
awk -v a="$crate_rps" -v b="$bare_rps" 'BEGIN {printf "throughput ratio (crate / bare): %.3f\n", a / b}'

# Soak: at least $SOAK requests against the crate's server, in signed segments.
rss_before="$(rss_kib "$server_pid")"
total=0
soak_errors=0
while [ "$total" -lt "$SOAK" ]; do
    read -r requests _ _ _ errors < <(run_wrk "$SERVER_PORT" "$SEGMENT")
    total=$((total + requests))
    soak_errors=$((soak_errors + errors))
done
rss_after="$(rss_kib "$server_pid")"
echo
echo "soak: $total requests, $soak_errors errors"
echo "server RSS: ${rss_before} KiB before, ${rss_after} KiB after ($(( (rss_after - rss_before) )) KiB growth)"
if ! grep -q '^listening on' "$scratch/server.err"; then
    cat "$scratch/server.err" >&2
fi
