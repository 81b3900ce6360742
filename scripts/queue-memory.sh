#!/usr/bin/env bash
# The memory a full work queue holds in the `server` example: its RSS when idle, then after
# wrk has posted signed create-room callbacks for $DURATION seconds while nothing reads its
# stdout (the printer thread blocks once the pipe is full, the queue of 1,024 acknowledged
# callbacks fills, and further requests wait, then get 503). The difference over
# QUEUE_CAPACITY is the memory one queued callback keeps.
#
#   bash scripts/queue-memory.sh                # DURATION=3
#
# Installs wrk from Debian's packages when missing; traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-3}"
PORT="${PORT:-18390}"
APP_ID=1400000000
TOKEN=console-token
QUEUE_CAPACITY="$(sed -n 's/^const QUEUE_CAPACITY: usize = \([0-9_]*\);$/\1/p' src/bin/tim-callback/serving.rs | tr -d _)"

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk"
    apt-get update -qq >/dev/null
    apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --example server
server="${CARGO_TARGET_DIR:-target}/release/examples/server"

scratch="$(mktemp -d)"
pid=""
holder=""
cleanup() {
    for process in $pid $holder; do kill "$process" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

cat >"$scratch/post.lua" <<'LUA'
wrk.method = "POST"
wrk.path = os.getenv("CALLBACK_PATH")
local file = io.open("tests/fixtures/room-after-create-room.json", "rb")
wrk.body = file:read("*a")
file:close()
LUA

# stdout goes to a FIFO that is held open and never read.
mkfifo "$scratch/stdout"
sleep 600 <"$scratch/stdout" &
holder=$!
TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$PORT" \
    "$server" >"$scratch/stdout" 2>"$scratch/server.err" &
pid=$!
listening=""
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then listening=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$listening" ]; then
    echo "the server did not start listening on port $PORT:" >&2
    cat "$scratch/server.err" >&2
    exit 1
fi
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

sleep 1
idle="$(rss)"
now="$(date +%s)"
sign="$(printf '%s%s' "$TOKEN" "$now" | sha256sum | cut -d' ' -f1)"
CALLBACK_PATH="/callback?SdkAppid=$APP_ID&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=$sign&RequestTime=$now" \
    wrk -t1 -c32 -d"${DURATION}s" -s "$scratch/post.lua" "http://127.0.0.1:$PORT" >"$scratch/wrk.txt"
sleep 1
full="$(rss)"
refused="$(grep -c 'work queue is full' "$scratch/server.err" || true)"
if [ "$refused" -eq 0 ]; then
    echo "the queue never filled (no request was refused): lengthen DURATION" >&2
    exit 1
fi
awk -v idle="$idle" -v full="$full" -v capacity="$QUEUE_CAPACITY" -v refused="$refused" 'BEGIN {
    printf "RSS idle %d KiB, with a full queue %d KiB: +%d KiB, %.1f KiB per queued callback (%d requests refused as the queue stayed full)\n",
        idle, full, full - idle, (full - idle) / capacity, refused
}'
