#!/usr/bin/env bash
# Publishes the CLI of another revision (default: origin of this branch, fb76cf4) natively into
# bench/out/aot-baseline/secretskit, so bench/run.sh --only pq compares this build's X25519 decrypt with the
# baseline's in the same run. The revision's tree is exported with `git archive` into bench/out/baseline-src (no
# worktree, nothing in .git changes) and published exactly as bench/aot/publish.sh publishes the CLI.
#   bench/aot/publish-baseline.sh [REV] [net9.0|net10.0]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rev="${1:-fb76cf4}"
framework="${2:-net10.0}"
src="$root/bench/out/baseline-src"
out="$root/bench/out/aot-baseline"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$src" && mkdir -p "$src"
git -C "$root" archive "$rev" | tar -x -C "$src"
dotnet publish "$src/src/SecretsKit.Cli/SecretsKit.Cli.csproj" -c Release -r linux-x64 -nologo \
  -p:PublishAot=true -p:SecretsKitAotFramework="$framework" -p:TrimmerSingleWarn=false \
  --artifacts-path "$root/bench/out/aot-baseline-build" -o "$out"
git -C "$root" rev-parse --short "$rev" > "$out/REVISION"
"$out/secretskit" --version
