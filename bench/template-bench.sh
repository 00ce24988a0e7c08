#!/usr/bin/env bash
# Template time per ExternalSecret (issue #44: "no slower than today on the agent's 10,000-object bench"): builds
# bench/TemplateBench against this tree and against a checkout of the commit before the new engine (a5bbe52, its own
# engine API: -p:DefineConstants=OLD_ENGINE), then runs both, one after the other, on the same machine.
#   bench/template-bench.sh [objects=10000] [rounds=7] [old-commit=a5bbe52]
# The old checkout is a temporary git worktree under ${TMPDIR:-/tmp} (removed afterwards); output goes to bench/out/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
objects="${1:-10000}"; rounds="${2:-7}"; old="${3:-a5bbe52}"
out="$root/bench/out/templatebench"; mkdir -p "$out"
old_tree="$(mktemp -d "${TMPDIR:-/tmp}/sk-templatebench-XXXXXX")"
cleanup() { git -C "$root" worktree remove --force "$old_tree" >/dev/null 2>&1 || rm -rf "$old_tree"; }
trap cleanup EXIT
git -C "$root" worktree add --detach "$old_tree" "$old" >/dev/null
mkdir -p "$old_tree/bench/TemplateBench"
cp "$root/bench/TemplateBench/Program.cs" "$root/bench/TemplateBench/TemplateBench.csproj" "$old_tree/bench/TemplateBench/"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/bench/TemplateBench" -c Release -nologo -v:q -o "$out/new" >/dev/null
dotnet build "$old_tree/bench/TemplateBench" -c Release -nologo -v:q -p:DefineConstants=OLD_ENGINE -o "$out/old" >/dev/null
echo "machine: $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
# alternated, twice, so that a change in the machine's load falls on both
for pass in 1 2; do
  printf 'pass %s old (%s): ' "$pass" "$(git -C "$root" rev-parse --short "$old")"; dotnet "$out/old/templatebench.dll" "$objects" "$rounds"
  printf 'pass %s new (%s): ' "$pass" "$(git -C "$root" rev-parse --short HEAD)"; dotnet "$out/new/templatebench.dll" "$objects" "$rounds"
done
