#!/usr/bin/env bash
# Types every plain scalar of the YAML scalar table (tests/SecretsKit.Core.Tests/Formats/Yaml/yaml-scalars.table) with
# the real Go libraries — gopkg.in/yaml.v2, gopkg.in/yaml.v3 and sigs.k8s.io/yaml, through our own program
# tests/fixtures/yaml-scalars-oracle (built by scripts/yaml-scalars-oracle.sh) — and compares their answers with the
# committed yaml-scalars.expected, which YamlScalarsTests holds SecretsKit's YamlScalars to.
#
#   tests/peers/yaml-scalars.sh            exit 0 when the Go libraries still answer yaml-scalars.expected, else a diff
#   tests/peers/yaml-scalars.sh --write    rewrites yaml-scalars.expected from the Go libraries (after editing the table)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/tests/SecretsKit.Core.Tests/Formats/Yaml"
"$root/scripts/yaml-scalars-oracle.sh"
actual="$(mktemp)"
trap 'rm -f "$actual"' EXIT
"${YAML_SCALARS_ORACLE_DIR:-$root/.tools/yaml-scalars-oracle}/oracle" < "$dir/yaml-scalars.table" > "$actual"
if [ "${1:-}" = "--write" ]; then
  cp "$actual" "$dir/yaml-scalars.expected"
  echo "yaml-scalars: wrote $(wc -l < "$actual") rows to yaml-scalars.expected"
  exit 0
fi
if diff -u "$dir/yaml-scalars.expected" "$actual"; then
  echo "yaml-scalars: go-yaml v2, go-yaml v3 and sigs.k8s.io/yaml agree with yaml-scalars.expected on $(wc -l < "$actual") rows"
else
  echo "yaml-scalars: the Go libraries answer differently from yaml-scalars.expected (above)" >&2
  exit 1
fi
