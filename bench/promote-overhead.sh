#!/bin/sh
# Issue #83 (N1): what `secretskit release promote` costs over the same `apply`, in one run: two fake Kubernetes APIs,
# the real helm 3.10.1, examples/pipeline; N interleaved rounds of `apply -e prod` and `promote -e prod`, each deploying
# a new plain value. Usage: bench/promote-overhead.sh [ROUNDS] (default 10). Writes bench/out/promote-overhead.txt.
set -eu
cd "$(dirname "$0")/.."
rounds="${1:-10}"
dotnet build src/SecretsKit.Cli -c Release -nologo -v:q
dotnet build bench/PromoteBench -c Release -nologo -v:q
mkdir -p bench/out
dotnet bench/PromoteBench/bin/Release/net10.0/promotebench.dll \
  --cli "$PWD/src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll" --helm "$PWD/.tools/helm/3.10.1/helm" \
  --rounds "$rounds" --out bench/out/promote-overhead.txt
