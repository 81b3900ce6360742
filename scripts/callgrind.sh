#!/usr/bin/env bash
# Instructions per request, counted by callgrind: a figure that machine noise does not move.
#
#   bash scripts/callgrind.sh                 # modes a a2 floor b c d query, N=5000
#   N=20000 MODES="a b" TOP=25 bash scripts/callgrind.sh
#   SERVERS= bash scripts/callgrind.sh        # without the load targets
#
# Builds `examples/per_request.rs` (release) and runs each mode under
# `valgrind --tool=callgrind` twice, with N and 2N requests, counting only inside
# `per_request::measured` (one request each; building the request is left out, as in the
# criterion bench). (instructions(2N) - instructions(N)) / N is the cost of one request:
# start-up, first-use and warm-up costs cancel out. The modes, all on the signed create-room
# sample (the code is `examples/baselines`):
#   a      serde_json into the crate's CreateRoom, alone
#   a2     serde_json into a plain #[derive(Deserialize)] struct of the same fields (a')
#   floor  the floor by hand: SdkAppid, Sign (SHA-256), the plain parse
#   b      CallbackLayer + handler_fn, oneshot
#   c      the same inside an axum::Router
#   d      the usual hand-written axum handler
#   query  CallbackQuery::parse of the same request's query alone (a part of b)
# Then, the same difference for the load targets of scripts/load.sh (SERVERS, default bare floor
# layer axum-crate axum-handwritten; `examples/load_target.rs`): each is started under callgrind
# and sent SERVER_N, then 2 x SERVER_N signed create-room callbacks over one keep-alive connection
# by curl: the server's user-space instructions per request, hyper included (the kernel's TCP
# work, the same for every target, is not counted).
# Prints the table and the ratios, then for each mode the TOP functions by their own
# instructions per request (the same difference, function by function, from
# callgrind_annotate). Writes $OUT/callgrind-$STAMP.tsv and keeps the callgrind output files
# in $OUT/callgrind-$STAMP/ (`callgrind_annotate <file>` reads them; 2N is the larger run).
# Installs valgrind from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-5000}"
MODES="${MODES-a a2 floor b c d query}"     # empty: none in process
TOP="${TOP:-12}"
SERVERS="${SERVERS-bare floor layer axum-crate axum-handwritten}"  # empty: no load target
SERVER_N="${SERVER_N:-1000}"
PORT="${PORT:-18300}"
OUT="${OUT:-bench-results}"
STAMP="$(date +%Y%m%d-%H%M%S)"

if ! command -v valgrind >/dev/null 2>&1 || ! command -v callgrind_annotate >/dev/null 2>&1; then
    echo "installing valgrind"
    apt-get update -qq >/dev/null
    apt-get install -y -qq valgrind >/dev/null
fi
if [ -n "$SERVERS" ] && ! command -v curl >/dev/null 2>&1; then
    echo "installing curl"
    apt-get update -qq >/dev/null
    apt-get install -y -qq curl >/dev/null
fi

cargo build --release --example per_request --example load_target
binary="${CARGO_TARGET_DIR:-target}/release/examples/per_request"
server="${CARGO_TARGET_DIR:-target}/release/examples/load_target"
files="$OUT/callgrind-$STAMP"
mkdir -p "$files"
tsv="$OUT/callgrind-$STAMP.tsv"
{
    echo "# callgrind $STAMP: instructions per request = (Ir(2N) - Ir(N)) / N, N=$N in process, N=$SERVER_N served; $(valgrind --version), $(rustc --version | cut -d' ' -f1-2)"
    printf 'stamp\tmode\tn\tir_n\tir_2n\tir_per_request\n'
} >"$tsv"

# Total instructions of one callgrind output file.
total_ir() { awk '/^summary:/ {print $2}' "$1"; }

for mode in $MODES; do
    for n in "$N" $((2 * N)); do
        valgrind --tool=callgrind --toggle-collect='*per_request::measured*' \
            --callgrind-out-file="$files/$mode.$n.out" "$binary" "$mode" "$n" 2>"$files/$mode.$n.log" ||
            { cat "$files/$mode.$n.log" >&2; exit 1; }
    done
    ir_n="$(total_ir "$files/$mode.$N.out")"
    ir_2n="$(total_ir "$files/$mode.$((2 * N)).out")"
    per="$(awk -v a="$ir_n" -v b="$ir_2n" -v n="$N" 'BEGIN {printf "%.0f", (b - a) / n}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$STAMP" "$mode" "$N" "$ir_n" "$ir_2n" "$per" >>"$tsv"
    printf '%-6s %10s instructions per request\n' "$mode" "$per"
done

# Serves $1 under callgrind, sends it $2 requests on one connection, stops it; prints its total.
serve_count() {
    local target="$1" count="$2" out="$files/server-$1.$2.out" vpid now sign url
    LOAD_MODE="$target" LOAD_BIND="127.0.0.1:$PORT" valgrind --tool=callgrind \
        --callgrind-out-file="$out" "$server" 2>"$files/server-$target.$count.log" &
    vpid=$!
    for _ in $(seq 300); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
        sleep 0.1
    done
    now="$(date +%s)"
    sign="$(printf '%s%s' console-token "$now" | sha256sum | cut -d' ' -f1)"
    url="http://127.0.0.1:$PORT/callback?SdkAppid=1400000000&CallbackCommand=Room.CallbackAfterCreateRoom&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=$sign&RequestTime=$now"
    for _ in $(seq "$count"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$files/urls.cfg"
    # The reply must be Tencent's OK (the hand-written handler answers refusals with 200): one
    # request on a connection of its own, in both runs alike, so that the difference cancels it.
    local reply answers
    reply="$(curl -s -H 'Content-Type: application/json' \
        --data-binary @tests/fixtures/room-after-create-room.json "$url")"
    if [[ "$reply" != '{"ActionStatus":"OK",'* ]]; then
        kill "$vpid"
        echo "$target does not accept the signed callback: $reply" >&2
        exit 1
    fi
    # Then every request must be answered 200 on one connection.
    answers="$(curl -s -K "$files/urls.cfg" -H 'Content-Type: application/json' \
        --data-binary @tests/fixtures/room-after-create-room.json -w '%{http_code} %{num_connects}\n' |
        sort | uniq -c | tr -s ' ' | tr '\n' ';')"
    kill "$vpid"
    wait "$vpid" 2>/dev/null || true
    if [ "$answers" != " $((count - 1)) 200 0; 1 200 1;" ]; then
        echo "$target did not answer every request with 200 on one connection: $answers" >&2
        exit 1
    fi
    total_ir "$out"
}

for target in $SERVERS; do
    ir_n="$(serve_count "$target" "$SERVER_N")"
    ir_2n="$(serve_count "$target" $((2 * SERVER_N)))"
    per="$(awk -v a="$ir_n" -v b="$ir_2n" -v n="$SERVER_N" 'BEGIN {printf "%.0f", (b - a) / n}')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$STAMP" "server:$target" "$SERVER_N" "$ir_n" "$ir_2n" "$per" >>"$tsv"
    printf '%-23s %10s instructions per request (server, user space)\n' "server:$target" "$per"
done

echo
python3 - "$tsv" "$files" "$N" "$TOP" <<'PY'
import re, subprocess, sys
tsv, files, n, top = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
per = {}
for line in open(tsv):
    if line.startswith("#") or line.startswith("stamp"):
        continue
    f = line.rstrip("\n").split("\t")
    per[f[1]] = int(f[5])
labels = {"a": "(a) crate struct", "a2": "(a') plain struct", "floor": "floor by hand",
          "b": "(b) layer + handler_fn", "c": "(c) crate in axum", "d": "(d) hand-written axum",
          "query": "CallbackQuery::parse alone",
          "server:bare": "load target bare", "server:floor": "load target floor",
          "server:layer": "load target layer", "server:axum-crate": "load target axum-crate",
          "server:axum-handwritten": "load target axum-handwritten"}
print(f"{'mode':<30} {'instructions/request':>22}")
for mode, ir in per.items():
    print(f"{labels.get(mode, mode):<30} {ir:>22,}")
print()
for a, b, target in [("b", "a", "<= 1.5"), ("b", "a2", ""), ("a", "a2", ""), ("b", "floor", ""),
                     ("d", "c", ">= 1.25"), ("c", "b", ""),
                     ("server:layer", "server:floor", "<= 1/0.9"),
                     ("server:axum-handwritten", "server:axum-crate", ">= 1.25"),
                     ("server:floor", "server:bare", ""), ("server:layer", "server:bare", "")]:
    if a in per and b in per:
        print(f"{a} / {b}: {per[a] / per[b]:.2f}" + (f"  (target {a}/{b} {target})" if target else ""))

def self_costs(path):
    """Instructions per function (own cost, not including callees), from callgrind_annotate."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", path],
                          capture_output=True, text=True, check=True).stdout
    costs = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*)$", line)
        if m and ":" in m.group(2):
            name = re.sub(r"\s+\[[^\]]*\]$", "", m.group(2))
            name = re.sub(r"::h[0-9a-f]{16}", "", name)
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs

for mode in [m for m in per if not m.startswith("server:")]:
    small = self_costs(f"{files}/{mode}.{n}.out")
    large = self_costs(f"{files}/{mode}.{2 * n}.out")
    diff = {k: (large.get(k, 0) - small.get(k, 0)) / n for k in set(small) | set(large)}
    rows = sorted(diff.items(), key=lambda kv: -kv[1])[:top]
    print(f"\n{labels.get(mode, mode)}: {per[mode]:,} instructions per request; top functions (own cost)")
    for name, ir in rows:
        if ir < 1:
            break
        short = name if len(name) <= 110 else name[:107] + "..."
        print(f"  {ir:>8,.0f} {100 * ir / per[mode]:5.1f}%  {short}")
PY
echo
echo "raw results: $tsv; callgrind files in $files/"
