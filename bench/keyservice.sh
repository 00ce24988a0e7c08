#!/usr/bin/env bash
# Issue #47's bench, in one run (bench/README.md, "Key service on Kestrel"):
#   1. key service throughput: `secretskit keyservice` on tcp loopback, grpc-js with 50 Decrypts in flight on one channel
#      for 10 s (bench/keyservice-load.js), this tree (framework-dependent build) and, when given, a BEFORE build;
#   2. native cold decrypt of the 50-key file (bench/gen_workloads.py's typical.yaml) vs `age -d` of a same-size payload,
#      hyperfine -N, for bench/out/aot/secretskit and, when given, BEFORE's native binary;
#   3. the size of those native binaries (and of secretskit-keyservice when bench/out/aot holds one).
#   bench/keyservice.sh [BEFORE_DIR] [--throughput-only]
# BEFORE_DIR holds another commit's builds: BEFORE_DIR/cli/secretskit.dll (dotnet build -o) and BEFORE_DIR/aot/secretskit
# (a native publish); either may be missing. Native binaries come from bench/aot/publish.sh (this tree).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
before="${1:-}"
throughput_only="${2:-}"
out="$root/bench/out/keyservice"
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
key="$root/examples/keys/age-example.txt"
recipient=age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl
export NODE_PATH="$root/.tools/grpc-node/node_modules"
[ -d "$NODE_PATH/@grpc/grpc-js" ] || { echo "run scripts/setup.sh first (grpc-js)" >&2; exit 1; }
[ "$throughput_only" = --throughput-only ] || command -v hyperfine > /dev/null || { echo "hyperfine is required (scripts/setup.sh)" >&2; exit 1; }

dotnet build "$root/src/SecretsKit.Cli" -c Release -o "$out/cli" -nologo -v:q > /dev/null
dotnet build "$root/src/SecretsKit.KeyService" -c Release -o "$out/cli" -nologo -v:q > /dev/null

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$root" rev-parse --short HEAD)"
echo
echo "| key service (grpc-js, 50 concurrent Decrypts, 10 s) | calls/s | p50 ms | p99 ms | errors | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|"
throughput() { # label, folder holding secretskit.dll
  local log="$out/server.log" pid port result peak
  SOPS_AGE_KEY_FILE="$key" dotnet "$2/secretskit.dll" keyservice --address 127.0.0.1:0 2> "$log" &
  pid=$!
  for _ in $(seq 1 300); do grep -q "Listening on" "$log" && break; sleep 0.1; done
  port="$(sed -n 's/.*Listening on tcp:\/\/\(.*\)$/\1/p' "$log" | head -1)"
  result="$(node "$root/bench/keyservice-load.js" "$root/src/SecretsKit.Core/KeyService/keyservice.proto" "$port" "$recipient" 10 50)"
  peak="$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")"
  kill -TERM "$pid"; wait "$pid" || true
  python3 -c 'import json,sys; r=json.loads(sys.argv[2]); print("| %s | %s | %s | %s | %s | %s |" % (sys.argv[1], r["per_second"], r["p50"], r["p99"], r["errors"] + r["wrong"], sys.argv[3]))' "$1" "$result" "$peak"
}
[ -n "$before" ] && [ -f "$before/cli/secretskit.dll" ] && throughput "before ($before/cli)" "$before/cli"
throughput "this tree (secretskit-keyservice, Kestrel)" "$out/cli"
[ "$throughput_only" = --throughput-only ] && exit 0

work="$out/work"
mkdir -p "$work"
python3 "$root/bench/gen_workloads.py" "$work" 10 1 > /dev/null
SOPS_AGE_KEY_FILE="$key" dotnet "$out/cli/secretskit.dll" encrypt --age "$recipient" "$work/typical.yaml" > "$work/enc.typical.yaml"
head -c "$(stat -c %s "$work/enc.typical.yaml")" /dev/urandom > "$work/payload.bin"
age -e -r "$recipient" -o "$work/payload.age" "$work/payload.bin"
echo
echo "| native binary | size (bytes) |"
echo "|---|---:|"
for f in ${before:+"$before/aot/secretskit"} "$root/bench/out/aot/secretskit" "$root/bench/out/aot/secretskit-keyservice"; do
  if [ -x "$f" ]; then echo "| $f | $(stat -c %s "$f") |"; fi
done
commands=("age -d -i $key $work/payload.age")
[ -n "$before" ] && [ -x "$before/aot/secretskit" ] && commands+=("$before/aot/secretskit decrypt $work/enc.typical.yaml")
[ -x "$root/bench/out/aot/secretskit" ] && commands+=("$root/bench/out/aot/secretskit decrypt $work/enc.typical.yaml")
echo
SOPS_AGE_KEY_FILE="$key" hyperfine -N --warmup 5 --runs 100 --export-markdown "$out/cold.md" "${commands[@]}" > /dev/null
cat "$out/cold.md"
