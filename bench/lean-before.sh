#!/usr/bin/env bash
# Builds what bench/lean.sh compares against, from another commit (default 9a0928e, main before the lean CLI) exported with
# `git archive` (no worktree, nothing in .git changes) into bench/out/before-src: its native CLI and bench/Hello into
# BEFORE_DIR/aot (ILC map under BEFORE_DIR-build), and framework-dependent builds of its CLI and key service into
# BEFORE_DIR/cli (bench/keyservice.sh's before side). Skips what is already there.
#   bench/lean-before.sh [REV] [BEFORE_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:-9a0928e}"
before="${2:-$root/bench/out/before}"
src="$root/bench/out/before-src"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ ! -x "$before/aot/secretskit" ] || [ ! -f "$before/cli/secretskit.dll" ]; then
  rm -rf "$src" && mkdir -p "$src"
  git -C "$root" archive "$rev" | tar -x -C "$src"
fi
if [ ! -x "$before/aot/secretskit" ]; then
  dotnet publish "$src/src/SecretsKit.Cli" -c Release -r linux-x64 -nologo -p:PublishAot=true -p:IlcGenerateMapFile=true \
    --artifacts-path "$before-build" -o "$before/aot"
  dotnet publish "$src/bench/Hello" -c Release -r linux-x64 -nologo -p:PublishAot=true -p:PublishReadyToRun=false \
    -p:PositionIndependentExecutable=false --artifacts-path "$before-build" -o "$before/aot"
fi
if [ ! -f "$before/cli/secretskit.dll" ]; then
  for project in SecretsKit.Cli SecretsKit.KeyService; do
    dotnet build "$src/src/$project" -c Release -nologo -o "$before/cli"
  done
fi
git -C "$root" rev-parse --short "$rev" > "$before/REVISION"
