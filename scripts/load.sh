#!/usr/bin/env bash
# Loopback load and soak. Each target is driven in turn by the same wrk settings with the same
# signed create-room callback:
#   bare              hyper answering OK without checking anything (reads the body);
#   floor             hyper doing the necessary work by hand, nothing more: SdkAppid, Sign
#                     (SHA-256 of token and RequestTime), the body parsed into a plain
#                     #[derive(Deserialize)] struct, the fixed OK reply;
#   layer             hyper + CallbackLayer + handler_fn;
#   axum-crate        the criterion bench's (c): axum::Router + CallbackLayer + extractor;
#   axum-handwritten  the criterion bench's (d): the usual hand-written axum handler;
#   server            the `server` example as shipped (multi-threaded runtime, timeouts and
#                     limits, every callback written to stdout, here /dev/null, by a thread).
#   durable           the `durable` example's receiver (feature `redis`): each callback appended to
#                     a Redis stream (a local redis-server with AOF) before the OK.
# The first five are `examples/load_target.rs` (LOAD_MODE=...), each on a single-threaded
# runtime, so that wrk has the other core of a two-core machine.
#
#   bash scripts/load.sh                                  # RUNS=3 x 20 s each, soak of 5,000,000
#   DURATION=5 RUNS=1 SOAK=200000 bash scripts/load.sh    # a quick check of the script
#   TARGETS="floor layer" SOAK=0 bash scripts/load.sh     # some targets, no soak
#   TARGETS="floor layer" RUNS=10 DURATION=5 SOAK=0 bash scripts/load.sh
#                                        # two targets in close alternation: paired ratios
#
# Runs are interleaved (run 1 of every target, then run 2, ...) so that a change in the
# machine's load hits every target alike. Prints a table (median requests/s with the spread
# over the runs, p50, p99 as the spread over the runs, errors) and the ratios (of the medians,
# and the median of the per-run ratios; a target counts as met when both reach it), and writes:
#   $OUT/load-$STAMP.tsv             one row per wrk run (latencies in microseconds);
#   $OUT/soak-$STAMP.tsv             one row per soaked target (requests, errors, RSS);
#   $OUT/soak-$STAMP-<target>.rss    "time rss_kib" lines, sampled every $SAMPLE s while
#                                    the soak runs (a fresh server process for each soak);
#   $OUT/soak-$STAMP-<target>.smaps  where the RSS lies at the end of the soak: resident KiB
#                                    per kind of mapping (the binary, libc, [heap], anonymous
#                                    mappings such as malloc's per-thread arenas and stacks).
# `python3 scripts/plots.py` draws docs/load-throughput.svg and docs/soak-rss.svg from the
# newest of these files. Installs wrk (and curl) from Debian's packages when missing. Traffic
# goes to 127.0.0.1 only, and every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20}"          # seconds per wrk run
RUNS="${RUNS:-3}"                   # runs of every target
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"             # wrk threads: 2 cores are shared by wrk and the server
WARMUP="${WARMUP:-2}"               # seconds of load before the first measured run
TARGETS="${TARGETS-bare floor layer axum-crate axum-handwritten server durable}"  # empty: no load runs
SOAK="${SOAK:-5000000}"             # requests in each soak; 0: no soak
SOAK_TARGETS="${SOAK_TARGETS-server layer}"  # empty: no soak
SEGMENT="${SEGMENT:-15}"            # seconds per soak segment (the signature window is 60 s)
SAMPLE="${SAMPLE:-1}"               # seconds between two RSS samples
OUT="${OUT:-bench-results}"
NOTE="${NOTE:-}"                    # free text written into the result files (the machine's state)
BASE_PORT="${BASE_PORT:-18080}"
APP_ID=1400000000
TOKEN=console-token                 # the token examples/baselines checks with
STAMP="$(date +%Y%m%d-%H%M%S)"

all_targets="bare floor layer axum-crate axum-handwritten server durable"
for target in $TARGETS $SOAK_TARGETS; do
    case " $all_targets " in
        *" $target "*) ;;
        *) echo "unknown target $target: one of $all_targets" >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    echo "installing wrk and curl"
    apt-get update -qq >/dev/null
    apt-get install -y -qq wrk curl >/dev/null
fi

cargo build --release --features redis --example server --example load_target --example durable
examples="${CARGO_TARGET_DIR:-target}/release/examples"
mkdir -p "$OUT"
scratch="$(mktemp -d)"
declare -A pid_of port_of
sampler=""
REDIS_DIR=""
cleanup() {
    if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi
    if [ -n "$REDIS_DIR" ]; then bash scripts/redis.sh stop "$REDIS_DIR" >/dev/null || true; fi
    for pid in "${pid_of[@]}"; do kill "$pid" 2>/dev/null || true; done
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

# A freshly signed path: RequestTime must stay within the crate's 60-second window.
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

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Where process $1's memory lies: resident KiB per mapping name, and the largest anonymous
# mappings (malloc's arenas for threads other than the main one, thread stacks).
smaps_summary() {
    awk '
        /^[0-9a-f]+-[0-9a-f]+ / { name = NF >= 6 ? $6 : "[anon]"; next }
        /^Rss:/ { rss[name] += $2; if (name == "[anon]" && $2 > 0) anon[++n] = $2 }
        END {
            for (k in rss) if (rss[k] > 0) printf "%8d KiB  %s\n", rss[k], k
            for (i = 1; i <= n; i++) printf "%8d KiB  one anonymous mapping\n", anon[i]
        }' "/proc/$1/smaps" | sort -rn
    grep -E '^(VmRSS|VmHWM|Threads)' "/proc/$1/status"
}
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# Starts target $1 on its port; sets pid_of[$1].
start() {
    local target="$1" port="${port_of[$1]}"
    if [ "$target" = server ]; then
        TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$port" \
            "$examples/server" >/dev/null 2>>"$scratch/$target.err" &
    elif [ "$target" = durable ]; then
        # The durable receiver: each callback appended to a Redis stream (AOF on) before the
        # OK. No worker drains it during the run, so the backlog bound is lifted.
        if [ -z "$REDIS_DIR" ]; then eval "$(bash scripts/redis.sh start)"; fi
        TIM_SDKAPPID="$APP_ID" TIM_CALLBACK_TOKEN="$TOKEN" TIM_BIND="127.0.0.1:$port" \
            REDIS_URL="$REDIS_URL" DURABLE_STREAM=load:callbacks DURABLE_MAX_BACKLOG=1000000000 \
            "$examples/durable" receive 2>>"$scratch/$target.err" &
    else
        LOAD_MODE="$target" LOAD_BIND="127.0.0.1:$port" \
            "$examples/load_target" 2>>"$scratch/$target.err" &
    fi
    pid_of[$target]=$!
    wait_for_port "$port"
}

stop() {
    kill "${pid_of[$1]}" 2>/dev/null || true
    wait "${pid_of[$1]}" 2>/dev/null || true
    unset "pid_of[$1]"
}

# Every target must accept the signed callback with Tencent's OK reply (the hand-written
# handler answers its refusals with 200, so the status alone proves nothing; its keys come
# sorted).
check_accepts() {
    local reply
    reply="$(curl -sS -o - -w ' %{http_code}' -H 'Content-Type: application/json' \
        --data-binary "@$scratch/body.json" "http://127.0.0.1:${port_of[$1]}$(signed_path)")"
    if [[ "$reply" != '{"ActionStatus":"OK",'*'} 200' ]]; then
        echo "$1 does not accept the signed callback: $reply" >&2
        cat "$scratch/$1.err" >&2
        exit 1
    fi
}

# wrk's latencies (226.00us, 2.10ms, 1.02s) in microseconds.
to_us() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) print n; else if (v ~ /ms$/) print n * 1000;
        else if (v ~ /m$/) print n * 60000000; else if (v ~ /s$/) print n * 1000000; else print n
    }'
}

# Runs wrk for $2 seconds against target $1; prints "requests rps p50_us p99_us errors".
run_wrk() {
    local port="${port_of[$1]}" seconds="$2" out="$scratch/wrk.out"
    CALLBACK_PATH="$(signed_path)" CALLBACK_BODY="$scratch/body.json" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -s "$scratch/post.lua" \
        "http://127.0.0.1:$port" >"$out"
    local requests rps p50 p99 errors
    requests="$(awk '/requests in/ {print $1}' "$out")"
    rps="$(awk '/^Requests\/sec/ {print $2}' "$out")"
    p50="$(to_us "$(awk '$1 == "50%" {print $2}' "$out")")"
    p99="$(to_us "$(awk '$1 == "99%" {print $2}' "$out")")"
    errors="$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")"
    echo "$requests $rps $p50 $p99 $errors"
}

machine="$(nproc) cores, $(uname -sr), $(rustc --version | cut -d' ' -f1-2)"
port=$BASE_PORT
for target in $all_targets; do
    port_of[$target]=$port
    port=$((port + 1))
done

# ---- load ------------------------------------------------------------------------------
load_tsv="$OUT/load-$STAMP.tsv"
if [ -n "$TARGETS" ] && [ "$RUNS" -gt 0 ]; then
    for target in $TARGETS; do start "$target"; check_accepts "$target"; done
    for target in $TARGETS; do run_wrk "$target" "$WARMUP" >/dev/null; done
    {
        echo "# load $STAMP: ${DURATION}s per run, $RUNS run(s), $CONNECTIONS connections, $THREADS wrk thread(s), signed create-room; $machine"
        [ -z "$NOTE" ] || echo "# note: $NOTE"
        printf 'stamp\trun\ttarget\trequests\trps\tp50_us\tp99_us\terrors\tloadavg\n'
    } >"$load_tsv"
    for run in $(seq "$RUNS"); do
        for target in $TARGETS; do
            load="$(loadavg)"
            read -r requests rps p50 p99 errors < <(run_wrk "$target" "$DURATION")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$STAMP" "$run" "$target" \
                "$requests" "$rps" "$p50" "$p99" "$errors" "$load" >>"$load_tsv"
            printf 'run %s %-17s %10s req/s  p99 %8s us  errors %s  (load average %s)\n' \
                "$run" "$target" "$rps" "$p99" "$errors" "$load"
        done
    done
    for target in $TARGETS; do stop "$target"; done

    echo
    echo "load: ${DURATION}s per run, $RUNS run(s), $CONNECTIONS connections, $THREADS wrk thread(s); $machine"
    [ -z "$NOTE" ] || echo "note: $NOTE"
    # The table and the ratios, from the file just written.
    awk -F'\t' -v order="$TARGETS" '
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
                t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
            }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function lo(list,    n, a, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
        function hi(list,    n, a, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
        /^#/ || $1 == "stamp" { next }
        {
            rps[$3] = rps[$3] " " $5; p50[$3] = p50[$3] " " $6; p99[$3] = p99[$3] " " $7
            errors[$3] += $8; by_run[$3, $2] = $5; if ($2 + 0 > runs) runs = $2 + 0
        }
        END {
            printf "%-18s %12s %21s %10s %23s %8s\n", "target", "requests/s", "(min-max)", "p50 us", "p99 us (min-max)", "errors"
            n = split(order, targets, " ")
            for (i = 1; i <= n; i++) {
                t = targets[i]
                if (!(t in rps)) continue
                printf "%-18s %12.0f %21s %10.0f %23s %8d\n", t, median(rps[t]),
                    sprintf("(%.0f-%.0f)", lo(rps[t]), hi(rps[t])), median(p50[t]),
                    sprintf("%.0f (%.0f-%.0f)", median(p99[t]), lo(p99[t]), hi(p99[t])), errors[t]
            }
            print ""
            split("layer/floor/0.90 axum-crate/axum-handwritten/1.25 layer/bare/- floor/bare/- server/bare/- server/layer/-", pairs, " ")
            for (k = 1; k in pairs; k++) {
                split(pairs[k], p, "/")
                if (!(p[1] in rps) || !(p[2] in rps)) continue
                list = ""
                for (r = 1; r <= runs; r++) if ((p[1], r) in by_run && (p[2], r) in by_run) list = list " " sprintf("%.3f", by_run[p[1], r] / by_run[p[2], r])
                ratio = median(rps[p[1]]) / median(rps[p[2]])
                # The median of the per-run ratios pairs each run with its neighbour in time,
                # which a drifting machine moves less than the ratio of the medians.
                if (list == "") { printf "throughput %-28s no run of both targets\n", p[1] " / " p[2] ":"; continue }
                paired = median(list)
                verdict = p[3] == "-" ? "" : (ratio >= p[3] && paired >= p[3] ? sprintf("  target >= %s: met", p[3]) : sprintf("  target >= %s: MISSED", p[3]))
                printf "throughput %-28s %.3f  (paired, median of the runs: %.3f; per run:%s)%s\n", p[1] " / " p[2] ":", ratio, paired, list, verdict
            }
        }' "$load_tsv"
    echo "raw results: $load_tsv"
fi

# ---- soak ------------------------------------------------------------------------------
# A fresh server per target; at least $SOAK requests in signed segments of $SEGMENT s, while a
# background sampler writes "time rss_kib" every $SAMPLE s.
if [ "$SOAK" -gt 0 ] && [ -n "$SOAK_TARGETS" ]; then
    soak_tsv="$OUT/soak-$STAMP.tsv"
    {
        echo "# soak $STAMP: at least $SOAK requests per target, $CONNECTIONS connections, segments of ${SEGMENT}s, RSS every ${SAMPLE}s; $machine"
        [ -z "$NOTE" ] || echo "# note: $NOTE"
        printf 'stamp\ttarget\trequests\terrors\tseconds\trss_start_kib\trss_first_segment_kib\trss_end_kib\trss_max_kib\tsamples\n'
    } >"$soak_tsv"
    echo
    for target in $SOAK_TARGETS; do
        start "$target"
        check_accepts "$target"
        pid="${pid_of[$target]}"
        samples="$OUT/soak-$STAMP-$target.rss"
        start_time="$EPOCHREALTIME"
        rss_start="$(rss_kib "$pid")"
        (
            while kill -0 "$pid" 2>/dev/null; do
                awk -v now="$EPOCHREALTIME" -v t0="$start_time" -v rss="$(rss_kib "$pid")" \
                    'BEGIN {printf "%.1f %d\n", now - t0, rss}'
                sleep "$SAMPLE"
            done
        ) >"$samples" &
        sampler=$!
        total=0 errors=0 rss_first=""
        while [ "$total" -lt "$SOAK" ]; do
            read -r requests _ _ _ failed < <(run_wrk "$target" "$SEGMENT")
            total=$((total + requests))
            errors=$((errors + failed))
            [ -n "$rss_first" ] || rss_first="$(rss_kib "$pid")"
            printf 'soak %-8s %9d requests, %d errors, RSS %s KiB\n' "$target" "$total" "$errors" "$(rss_kib "$pid")"
        done
        rss_end="$(rss_kib "$pid")"
        smaps_summary "$pid" >"$OUT/soak-$STAMP-$target.smaps"
        seconds="$(awk -v now="$EPOCHREALTIME" -v t0="$start_time" 'BEGIN {printf "%.1f", now - t0}')"
        sleep "$SAMPLE"
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        sampler=""
        stop "$target"
        rss_max="$(awk 'max < $2 {max = $2} END {print max + 0}' "$samples")"
        count="$(wc -l <"$samples")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$STAMP" "$target" "$total" "$errors" \
            "$seconds" "$rss_start" "$rss_first" "$rss_end" "$rss_max" "$count" >>"$soak_tsv"
        echo "soak, $target: $total requests, $errors errors in ${seconds}s; RSS $rss_start KiB at start, $rss_first after the first segment, $rss_end at the end (max $rss_max; growth after the first segment $((rss_end - rss_first)) KiB)"
    done
    echo "raw results: $soak_tsv and $OUT/soak-$STAMP-*.rss, *.smaps"
fi
