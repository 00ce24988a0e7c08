#!/usr/bin/env bash
# Packs the dotnet tool into DIR (default: artifacts/), the three packages `dotnet tool install SecretsKit` chooses from:
#   SecretsKit.<v>.nupkg            holds no code, only the list of the two below (.NET 10 RID-specific tool packages)
#   SecretsKit.linux-x64.<v>.nupkg  a native AOT executable: no .NET runtime is started, a cold decrypt takes milliseconds
#   SecretsKit.any.<v>.nupkg        portable IL run by `dotnet`, for every other platform
# The first `dotnet pack` makes all three (linux-x64 as a framework-dependent ReadyToRun build); on a linux-x64 machine
# the second replaces that linux-x64 package with the native one. The SDK cannot compile native code for another
# platform, so on any other machine the ReadyToRun package stays (it still works on linux-x64).
#   scripts/pack.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
native=""; [ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] && native=1
steps=$(( native ? 2 : 1 ))
started=$SECONDS
# Each step says when it starts and ends (the native one runs for many minutes without other output).
step() { echo "pack: [$1/$steps] $2" >&2; }
done_step() { echo "pack: [$1/$steps] done after $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s" >&2; }
step 1 "the portable and ReadyToRun packages (a few minutes)..."
dotnet pack "$root/src/SecretsKit.Cli" -c Release -o "$out" -nologo -v:q
done_step 1
if [ -n "$native" ]; then
  # Built apart (its own obj/bin), so the normal build's restore and outputs are left alone; no debug symbols: the
  # native binary's stack traces name methods without them, and the package stays a third of the size.
  build="$(mktemp -d "${TMPDIR:-/tmp}/secretskit-pack.XXXXXX")"
  trap 'rm -rf "$build"' EXIT
  step 2 "the native AOT linux-x64 package (the longest step: 10 to 20 minutes on 2 cores)..."
  dotnet pack "$root/src/SecretsKit.Cli" -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none \
    --artifacts-path "$build" -o "$out" -nologo -v:q
  done_step 2
fi
ls "$out"/SecretsKit.*nupkg
