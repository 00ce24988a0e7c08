#!/usr/bin/env bash
# The main job on the embedded default: encrypt the demo values with the example age key, show the result,
# decrypt it again and check the round trip. Needs only the .NET 10 SDK (age is built in: no helm, gpg or node, and
# nothing is installed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v dotnet >/dev/null 2>&1 || { echo "demo: the .NET 10 SDK is required (dotnet not on PATH; see docs/install.md)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/demo"
cp "$root/examples/demo/secrets.yaml" "$work/demo/secrets.yaml"
cp "$root/examples/.sops.yaml" "$work/.sops.yaml"
cd "$work"
echo "== secretskit enc demo/secrets.yaml (age recipient from .sops.yaml)"
"$root/secretskit" enc demo/secrets.yaml
cat demo/secrets.yaml
echo "== secretskit view demo/secrets.yaml (SOPS_AGE_KEY_FILE=examples/keys/age-example.txt)"
SOPS_AGE_KEY_FILE="$root/examples/keys/age-example.txt" "$root/secretskit" view demo/secrets.yaml | tee "$work/roundtrip.yaml"
if diff -q <(grep -v '^#' "$root/examples/demo/secrets.yaml") <(grep -v '^#' "$work/roundtrip.yaml") >/dev/null; then
  echo "== round trip OK: decrypted values equal the original"
else
  echo "== round trip FAILED" >&2; diff <(grep -v '^#' "$root/examples/demo/secrets.yaml") <(grep -v '^#' "$work/roundtrip.yaml") >&2 || true; exit 1
fi
