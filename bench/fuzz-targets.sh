#!/usr/bin/env bash
# The longer campaign of the #45 fuzz targets: the CI slices' own tests (seeded, deterministic), run with more seeds.
# usage: bench/fuzz-targets.sh [--no-build] [--seed FIRST] [--scale N] [--only render|growth|agent|edit|config|stanzas|state|cli]
#   --seed FIRST   first seed (default 1000, past every CI slice's seeds)
#   --scale N      seeds per target = N × the target's CI slice (default 10)
# Each target runs through `dotnet test --filter` with SECRETSKIT_FUZZ_FIRST_SEED / SECRETSKIT_FUZZ_SEEDS set
# (tests/SecretsKit.Testing/Fuzz/FuzzCampaign.cs), so the campaign's cases are the CI slice's code with other seeds; a
# failure names its seed, and one case runs again with SECRETSKIT_FUZZ_FIRST_SEED=N SECRETSKIT_FUZZ_SEEDS=1.
# Prints a markdown table (target, seeds, cases, result, wall time); exits 1 when any target failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=1 first=1000 scale=10 only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --seed) first=$2; shift ;;
    --scale) scale=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
# target | project | test class | CI seeds | cases per seed (what one seed runs)
targets="render|Agent|RenderFuzzTests|12|8 mutated files + a special file + a sentinel, one render process
growth|Agent|TemplateGrowthFuzzTests|6|8 random growing templates + another tenant, one render process under 256 MiB
agent|Agent|AgentManifestFuzzTests|4|12 mutated tenant objects, one agent --once process
edit|Cli|EditFuzzTests|26|1 edit process with a misbehaving editor or a signal
config|Cloud|SopsConfigFuzzTests|600|1 .sops.yaml loaded and its keys parsed
stanzas|Cloud|KeyStanzaFuzzTests|300|1 sops block read and its data key recovered
state|Deploy|StateFuzzTests|300|1 helmfile state and values loaded
cli|Cli|CliProcessFuzzTests|6|3 secretskit processes: release list+build, encrypt under a .sops.yaml, decrypt of key stanzas"
failed=0
echo "| target | seeds | cases | result | wall time |"
echo "|---|---:|---:|---|---:|"
while IFS='|' read -r name project class ci per; do
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  dir="$root/tests/SecretsKit.$project.Tests"
  if [ "$build" = 1 ]; then dotnet build "$dir" -c Release -nologo -v q >/dev/null; fi
  seeds=$((ci * scale))
  start=$(date +%s)
  log="$root/bench/out/fuzz-$name.log"
  mkdir -p "$root/bench/out"
  if SECRETSKIT_FUZZ_FIRST_SEED=$first SECRETSKIT_FUZZ_SEEDS=$seeds SECRETSKIT_FUZZ_REPORT="$root/bench/out/fuzz-report.txt" \
     dotnet test "$dir" -c Release --no-build --filter "FullyQualifiedName~.$class" --logger "console;verbosity=normal" >"$log" 2>&1; then
    result="0 failures"
  else
    result="FAILED (see bench/out/fuzz-$name.log)"
    failed=1
  fi
  cases=$(awk -F'×' -v s="$seeds" -v p="${per%% *}" 'BEGIN { print s * p }')
  echo "| $name ($per) | $first–$((first + seeds - 1)) | $cases | $result | $(( $(date +%s) - start )) s |"
done <<< "$targets"
exit $failed
