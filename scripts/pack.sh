#!/usr/bin/env bash
# Packs the dotnet tool into DIR (default: artifacts/), the three packages `dotnet tool install SecretsKit` chooses from:
#   SecretsKit.<v>.nupkg            holds no code, only the list of the two below (.NET 10 RID-specific tool packages)
#   SecretsKit.linux-x64.<v>.nupkg  a native AOT executable: no .NET runtime is started, a cold decrypt takes milliseconds
#   SecretsKit.any.<v>.nupkg        portable IL run by `dotnet`, for every other platform
# The first `dotnet pack` makes all three (linux-x64 as a framework-dependent ReadyToRun build); on a linux-x64 machine
# the second replaces that linux-x64 package with the native one. Each package carries the key service's executable,
# secretskit-keyservice (Kestrel), next to secretskit: it is published first, the same way as the package's CLI, into
# $build/keyservice/<rid>/ (the CLI project picks the files up from there, SecretsKitKeyServiceDir). The SDK cannot compile native code for another
# platform, so on any other machine the ReadyToRun package stays (it still works on linux-x64). The native package carries
# two CLIs (issue #47): `secretskit` is the lean one (src/SecretsKit.Cli.Lean: age, PGP and every format, no cloud key
# sources, no deploy pipeline, so it starts faster), and `secretskit-full` the whole CLI, which the lean one becomes when a run
# needs more; the lean one is published first into $build/lean/linux-x64/ (SecretsKitLeanDir). The portable and ReadyToRun
# packages stay one program.
#   scripts/pack.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
native=""; [ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] && native=1
steps=$(( native ? 5 : 2 ))
started=$SECONDS
# Each step says when it starts and ends (the native ones run for many minutes without other output).
step() { echo "pack: [$1/$steps] $2" >&2; }
done_step() { echo "pack: [$1/$steps] done after $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s" >&2; }
build="$(mktemp -d "${TMPDIR:-/tmp}/secretskit-pack.XXXXXX")"
trap 'rm -rf "$build"' EXIT
keyservice="$root/src/SecretsKit.KeyService"
step 1 "the key service executable (framework-dependent)..."
dotnet publish "$keyservice" -c Release -r linux-x64 --self-contained false -p:DebugType=none \
  --artifacts-path "$build/ks-build" -o "$build/keyservice/linux-x64" -nologo -v:q
dotnet publish "$keyservice" -c Release -p:DebugType=none --artifacts-path "$build/ks-build-any" -o "$build/keyservice/any" -nologo -v:q
done_step 1
step 2 "the portable and ReadyToRun packages (a few minutes)..."
dotnet pack "$root/src/SecretsKit.Cli" -c Release -o "$out" -p:SecretsKitKeyServiceDir="$build/keyservice/" -nologo -v:q
done_step 2
if [ -n "$native" ]; then
  # Built apart (its own obj/bin), so the normal build's restore and outputs are left alone; no debug symbols: the
  # native binary's stack traces name methods without them, and the package stays a third of the size.
  rm -rf "$build/keyservice/linux-x64"
  step 3 "the native AOT key service (several minutes on 2 cores)..."
  dotnet publish "$keyservice" -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none \
    --artifacts-path "$build/ks-aot-build" -o "$build/keyservice/linux-x64" -nologo -v:q
  done_step 3
  step 4 "the lean native CLI (several minutes on 2 cores)..."
  dotnet publish "$root/src/SecretsKit.Cli.Lean" -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none \
    --artifacts-path "$build/lean-build" -o "$build/lean/linux-x64" -nologo -v:q
  done_step 4
  step 5 "the native AOT linux-x64 package (the longest step: 10 to 20 minutes on 2 cores)..."
  dotnet pack "$root/src/SecretsKit.Cli" -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none \
    -p:SecretsKitKeyServiceDir="$build/keyservice/" -p:SecretsKitLeanDir="$build/lean/" --artifacts-path "$build" -o "$out" -nologo -v:q
  done_step 5
fi
ls "$out"/SecretsKit.*nupkg
