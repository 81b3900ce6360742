#!/usr/bin/env bash
# The project's tests, on a fresh machine too: installs what the tests need (Debian's
# redis-server, for the `redis` feature's tests, which start their own Redis on loopback unless
# REDIS_URL is set), then runs every test with every feature. Extra arguments go to cargo test.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/redis.sh install
cargo test --all-features "$@"
