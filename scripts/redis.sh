#!/usr/bin/env bash
# A throwaway Redis on loopback for the durable tests, examples and load runs.
#
#   bash scripts/redis.sh install          # Debian's redis-server, when it is missing
#   eval "$(bash scripts/redis.sh start)"  # exports REDIS_URL and REDIS_DIR
#   bash scripts/redis.sh stop             # stops the one in $REDIS_DIR and removes it
#
# `start` installs redis-server when missing, picks a free port on 127.0.0.1 and starts Redis
# in the background with the durability the crate documents (append-only file on,
# `appendfsync everysec`, no snapshots) and its data in a fresh temporary directory; it waits
# until Redis answers PING, then prints the two `export` lines. Redis listens on 127.0.0.1 only.
set -euo pipefail

install() {
    if command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; then
        return 0
    fi
    echo "installing redis-server" >&2
    apt-get update -qq >/dev/null
    apt-get install -y -qq redis-server >/dev/null
}

free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

start() {
    install
    local dir port
    dir="$(mktemp -d -t tim-redis.XXXXXX)"
    for _ in 1 2 3; do
        port="$(free_port)"
        redis-server --port "$port" --bind 127.0.0.1 --appendonly yes --appendfsync everysec \
            --dir "$dir" --save '' --daemonize no >"$dir/redis.log" 2>&1 </dev/null &
        echo $! >"$dir/redis.pid"
        for _ in $(seq 100); do
            if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
                echo "export REDIS_URL=redis://127.0.0.1:$port"
                echo "export REDIS_DIR=$dir"
                return 0
            fi
            if ! kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
                break
            fi
            sleep 0.1
        done
        kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    done
    echo "redis-server did not start; its log:" >&2
    cat "$dir/redis.log" >&2
    rm -rf "$dir"
    return 1
}

stop() {
    local dir="${1:-${REDIS_DIR:-}}" pid
    if [ -z "$dir" ] || [ ! -f "$dir/redis.pid" ]; then
        echo "no Redis to stop: give its directory or set REDIS_DIR" >&2
        return 1
    fi
    pid="$(cat "$dir/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop "${2:-}" ;;
    *)
        echo "usage: $0 install | start | stop [DIR]" >&2
        exit 2
        ;;
esac
