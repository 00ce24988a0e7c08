#!/usr/bin/env bash
# Publishes the CLI, the key service and the agent as Native AOT binaries into bench/out/aot/secretskit,
# bench/out/aot/secretskit-keyservice and bench/out/aot/secretskit-agent, the CLI as the native package ships it (issue #47):
# bench/out/aot/secretskit is the lean CLI (src/SecretsKit.Cli.Lean, published first into bench/out/lean/linux-x64) and
# bench/out/aot/secretskit-full the whole one,
# and bench/Hello as bench/out/aot/hello (the CLI and hello are used by bench/run.sh when present).
#
# net10.0 by default: the package source serves the net10 NativeAOT runtime pack
# (Microsoft.NETCore.App.Runtime.NativeAOT.linux-x64) since 2026-11-22. Before that a net10 AOT publish failed at restore
# with NU1101 (since .NET 10 the ILCompiler package no longer carries the NativeAOT class libraries), so the README's
# start-up numbers come from `bench/aot/publish.sh net9.0`, which retargets through the Directory.Build.props switch
# SecretsKitAotFramework (a plain -p:TargetFramework=net9.0 does not reach the restore of referenced projects). Build
# output goes to a separate artifacts path so the normal obj/ folders are not touched. The native link uses gcc.
#
# Every warning is an error (TreatWarningsAsErrors), trim/AOT analysis warnings included, and TrimmerSingleWarn=false
# reports them per call site instead of one IL3053 summary per assembly: any trim/AOT warning fails the publish.
# The agent is then smoke-tested: --version and --help exit 0, an unknown flag exits 1 (deploy/Dockerfile runs the same).
#
#   bench/aot/publish.sh [net9.0|net10.0]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
framework="${1:-net10.0}"
out="$root/bench/out/aot"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish "$root/src/SecretsKit.Cli.Lean" -c Release -r linux-x64 -nologo \
  -p:PublishAot=true -p:SecretsKitAotFramework="$framework" -p:TrimmerSingleWarn=false -p:IlcGenerateMapFile=true \
  --artifacts-path "$root/bench/out/aot-build" -o "$root/bench/out/lean/linux-x64"
# The full CLI, which also copies the lean one in as secretskit (SecretsKitLeanDir) and keeps its ILC map for bench/lean.sh.
dotnet publish "$root/src/SecretsKit.Cli/SecretsKit.Cli.csproj" -c Release -r linux-x64 -nologo \
  -p:PublishAot=true -p:SecretsKitAotFramework="$framework" -p:TrimmerSingleWarn=false -p:IlcGenerateMapFile=true \
  -p:SecretsKitLeanDir="$root/bench/out/lean/" --artifacts-path "$root/bench/out/aot-build" -o "$out"
for project in SecretsKit.KeyService/SecretsKit.KeyService.csproj SecretsKit.Agent/SecretsKit.Agent.csproj; do
  dotnet publish "$root/src/$project" -c Release -r linux-x64 -nologo \
    -p:PublishAot=true -p:SecretsKitAotFramework="$framework" -p:TrimmerSingleWarn=false \
    --artifacts-path "$root/bench/out/aot-build" -o "$out"
done
# The native runtime floor for the cold-start rows: bench/Hello (prints its version, nothing else) published the same
# way, linked like the CLI (no PIE, see SecretsKit.Cli.csproj). Hello is ReadyToRun for RID-specific publishes; AOT
# replaces that.
dotnet publish "$root/bench/Hello" -c Release -r linux-x64 -nologo -p:PublishAot=true -p:PublishReadyToRun=false \
  -p:PositionIndependentExecutable=false -p:SecretsKitAotFramework="$framework" \
  --artifacts-path "$root/bench/out/aot-build" -o "$out"
ls -l "$out/secretskit" "$out/secretskit-full" "$out/secretskit-keyservice" "$out/secretskit-agent" "$out/hello"
"$out/secretskit" --version
"$out/secretskit-agent" --version
"$out/secretskit-agent" --help > /dev/null
if "$out/secretskit-agent" --no-such-flag 2> /dev/null; then echo "secretskit-agent accepted an unknown flag" >&2; exit 1; fi
