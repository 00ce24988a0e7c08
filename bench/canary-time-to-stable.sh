#!/bin/sh
# Issue #85: how long a release strategy takes from the first failing analysis sample to "stable only" (canary: the canary
# release uninstalled after its weight 0), with the real helm against a fake Kubernetes API and a 127.0.0.1 Prometheus
# stand-in; blue-green: the Service switch set back to the plain release after a failing postPromotion sample.
# Usage: bench/canary-time-to-stable.sh [ROUNDS] [HELM_VERSION] [CASE] (default 5, 3.10.1, canary; CASE canary or blueGreen).
# Writes bench/out/CASE-time-to-stable.txt.
set -eu
cd "$(dirname "$0")/.."
rounds="${1:-5}"
helm="${2:-3.10.1}"
case="${3:-canary}"
dotnet build src/SecretsKit.Cli -c Release -nologo -v:q
dotnet build bench/CanaryBench -c Release -nologo -v:q
mkdir -p bench/out
dotnet bench/CanaryBench/bin/Release/net10.0/canarybench.dll \
  --cli "$PWD/src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll" --helm-version "$helm" \
  --rounds "$rounds" --case "$case" --out "bench/out/$case-time-to-stable.txt"
