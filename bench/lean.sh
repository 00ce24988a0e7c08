#!/usr/bin/env bash
# Issue #47's leaner-CLI bench, in one run (bench/README.md, "A leaner CLI: where the start-up goes"):
#   1. cold decrypt of the 50-key file (bench/gen_workloads.py's typical.yaml) by the native CLI vs `age -d` of a same-size
#      payload, interleaved (bench/coldstart.py: median wall and CPU time of RUNS rounds), with the CLI's `--version` (start-up
#      without a file) and bench/Hello (an empty native .NET program, the runtime floor) beside it, and BEFORE's binary;
#   2. the size of the native CLI before and after, and per assembly when the publish left its ILC map (bench/native-size.py);
#   3. key service throughput before and after (bench/keyservice.sh --throughput-only: grpc-js, 50 Decrypts in flight, 10 s).
#
#   bench/lean.sh [--build] [BEFORE_DIR] [RUNS]
# From a clean worktree, one command builds everything first and then measures: `nice -n 5 bench/lean.sh --build`
# (bench/lean-before.sh for main at 9a0928e into BEFORE_DIR, bench/aot/publish.sh for this tree; each only when missing).
# Since issue #47's split, this tree's bench/out/aot/secretskit is the lean CLI and bench/out/aot/secretskit-full the whole
# one it hands over to (as the native package ships them); both are timed, sized and mapped.
# BEFORE_DIR (default bench/out/before) holds another commit's builds, as for bench/keyservice.sh: BEFORE_DIR/aot/secretskit
# and hello (native publishes) and BEFORE_DIR/cli/secretskit.dll (dotnet build -o, CLI and key service); the per-assembly
# table of the before binary reads the ILC map under BEFORE_DIR-build (that publish's --artifacts-path). For main at a3791a0:
#   git archive a3791a0 | tar -x -C bench/out/before-src
#   dotnet publish bench/out/before-src/src/SecretsKit.Cli -c Release -r linux-x64 -p:PublishAot=true -p:IlcGenerateMapFile=true \
#     --artifacts-path bench/out/before-build -o bench/out/before/aot      (and bench/out/before-src/bench/Hello likewise)
#   dotnet build bench/out/before-src/src/SecretsKit.Cli -c Release -o bench/out/before/cli   (and src/SecretsKit.KeyService)
# This tree's native CLI comes from bench/aot/publish.sh (bench/out/aot), or from a publish of src/SecretsKit.Cli alone with
# -p:PublishAot=true -p:IlcGenerateMapFile=true --artifacts-path bench/out/aot-build -o bench/out/aot. Run as root, the page
# cache is dropped once before the timings (not before every run: see coldstart.py).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=""; if [ "${1:-}" = "--build" ]; then build=1; shift; fi
before="${1:-$root/bench/out/before}"
runs="${2:-30}"
out="$root/bench/out/lean"
after="$root/bench/out/aot"
key="$root/examples/keys/age-example.txt"
recipient=age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl
if [ -n "$build" ]; then
  "$root/bench/lean-before.sh" 9a0928e "$before"
  [ -x "$after/secretskit-full" ] || "$root/bench/aot/publish.sh"
fi
[ -x "$after/secretskit" ] || { echo "no native CLI in $after: run bench/aot/publish.sh first (or bench/lean.sh --build)" >&2; exit 1; }
mkdir -p "$out"

echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$root" rev-parse --short HEAD)"

work="$out/work"
mkdir -p "$work"
python3 "$root/bench/gen_workloads.py" "$work" 10 1 > /dev/null
SOPS_AGE_KEY_FILE="$key" "$after/secretskit" encrypt --age "$recipient" "$work/typical.yaml" > "$work/enc.typical.yaml"
head -c "$(stat -c %s "$work/enc.typical.yaml")" /dev/urandom > "$work/payload.bin"
age -e -r "$recipient" -o "$work/payload.age" "$work/payload.bin"
commands=("age -d=age -d -i $key $work/payload.age" "after: decrypt=$after/secretskit decrypt $work/enc.typical.yaml")
[ -x "$after/secretskit-full" ] && commands+=("after, secretskit-full: decrypt=$after/secretskit-full decrypt $work/enc.typical.yaml")
[ -x "$before/aot/secretskit" ] && commands+=("before: decrypt=$before/aot/secretskit decrypt $work/enc.typical.yaml")
commands+=("after: --version=$after/secretskit --version")
[ -x "$before/aot/secretskit" ] && commands+=("before: --version=$before/aot/secretskit --version")
for hello in "$after/hello" "$before/aot/hello"; do
  if [ -x "$hello" ]; then commands+=("bench/Hello, native=$hello"); break; fi
done
if [ "$(id -u)" = 0 ] && { sync; echo 3 > /proc/sys/vm/drop_caches; } 2> /dev/null; then cache="dropped once before the warm-up"; else cache="not dropped"; fi
echo
echo "Cold decrypt of the 50-key file (page cache $cache; load $(cut -d' ' -f1 /proc/loadavg) at the start):"
echo
SOPS_AGE_KEY_FILE="$key" python3 "$root/bench/coldstart.py" --runs "$runs" --warmup 3 --markdown "${commands[@]}"
echo "(load $(cut -d' ' -f1 /proc/loadavg) at the end)"

echo
echo "| native CLI | size (bytes) |"
echo "|---|---:|"
for f in ${before:+"$before/aot/secretskit"} "$after/secretskit" "$after/secretskit-full"; do
  if [ -x "$f" ]; then echo "| $f | $(stat -c %s "$f") |"; fi
done
for side in before after after-full; do
  case "$side" in
    before) maps=("$before"-build/obj/SecretsKit.Cli/*/native/secretskit.map.xml) ;;
    after) maps=("$root"/bench/out/aot-build/obj/SecretsKit.Cli.Lean/*/native/secretskit.map.xml) ;;
    *) maps=("$root"/bench/out/aot-build/obj/SecretsKit.Cli/*/native/secretskit.map.xml) ;;
  esac
  if [ -f "${maps[0]}" ]; then
    echo
    echo "$side, per assembly (${maps[0]#"$root"/}):"
    echo
    python3 "$root/bench/native-size.py" "${maps[0]}" --top 20 --markdown
  fi
done

echo
"$root/bench/keyservice.sh" "$before" --throughput-only | tail -n +2
