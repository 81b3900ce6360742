#!/usr/bin/env bash
# Installs the `tim-callback` tool the way a user does (`cargo install ... --features cli`) into
# a temporary root, then runs it from there: its version, and `sign` against Tencent's published
# vector (token `xxxxyyyy`, RequestTime 1669872112). Run from anywhere:
# `bash scripts/install-check.sh`. Builds in release mode, in cargo's usual target directory
# (CARGO_TARGET_DIR if set).
set -euo pipefail
cd "$(dirname "$0")/.."

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

cargo install --path . --features cli --root "$root" --locked
tool="$root/bin/tim-callback"

"$tool" --version

signed="$("$tool" sign --token xxxxyyyy --time 1669872112)"
echo "$signed"
expected="Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061
RequestTime=1669872112"
if [ "$signed" != "$expected" ]; then
    echo "install-check: the installed tool signed Tencent's vector wrongly; expected:" >&2
    echo "$expected" >&2
    exit 1
fi
echo "install-check: ok"
