#!/usr/bin/env bash
# Suite-wide secret grep: fails when any CLI output recorded by the tests (tests/SecretsKit.Cli.Tests/TranscriptLog.cs)
# contains a secret value of the examples, unless that invocation is marked exempt (it asked for plaintext: decrypt,
# view, edit, exec-env/exec-file, downloader, post-renderer, -d, --show-secrets, helm secrets decrypt|dec|view).
#
# The values: every SOPS file under the examples dir (found by its sops metadata, any format) is decrypted with the
# example age keys (every identity of examples/keys/*.txt: the demo key and one per example environment) by the built
# CLI, and every leaf string of length >= 6 is searched for, as a fixed string.
# Hits are reported by transcript file and entry number, never by value.
#
# usage: scripts/check-transcripts.sh [--transcripts DIR] [--examples DIR] [--key FILE] [--cli secretskit.dll]
# (--key FILE: an age key file to decrypt with instead of the published example keys)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
transcripts="${SECRETSKIT_TEST_TRANSCRIPTS:-}"
examples="$root/examples"
key=""
cli="${SECRETSKIT_CLI_DLL:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll}"
while [ $# -gt 0 ]; do
  case "$1" in
    --transcripts) transcripts="$2"; shift 2 ;;
    --examples) examples="$2"; shift 2 ;;
    --key) key="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    *) echo "check-transcripts: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$transcripts" ] || { echo "check-transcripts: no transcript dir (--transcripts or SECRETSKIT_TEST_TRANSCRIPTS)" >&2; exit 2; }
[ -f "$cli" ] || { echo "check-transcripts: built CLI not found at $cli (build first or pass --cli)" >&2; exit 2; }
command -v jq >/dev/null 2>&1 || { echo "check-transcripts: jq is required" >&2; exit 2; }

work="$(mktemp -d)"
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT
if [ -z "$key" ]; then
  # one age key file holding every published example identity (keys.txt allows several)
  key="$work/example-keys.txt"
  cat "$root"/examples/keys/*.txt > "$key"
fi
values="$work/values"
: > "$values"

# SOPS files: YAML (sops:), JSON ("sops": {), dotenv (sops_version=), INI ([sops]).
mapfile -t files < <(grep -rlE --exclude-dir=.git '^sops:|"sops"[[:space:]]*:[[:space:]]*\{|^sops_version=|^\[sops\]' "$examples" 2>/dev/null | sort || true)
for f in "${files[@]}"; do
  if ! HOME="$work" SOPS_AGE_KEY_FILE="$key" dotnet "$cli" decrypt --output-type json "$f" > "$work/plain.json" 2> "$work/err"; then
    echo "check-transcripts: cannot decrypt $f with $key:" >&2
    cat "$work/err" >&2
    exit 1
  fi
  # multi-line values are searched line by line (a transcript is grepped line by line)
  jq -r '.. | strings | split("\n")[] | select(length >= 6)' "$work/plain.json" >> "$values"
  rm -f "$work/plain.json"
done
sort -u -o "$values" "$values"
count="$(grep -c '' "$values" || true)"

mapfile -t logs < <(find "$transcripts" -type f -name '*.transcript' 2>/dev/null | sort)
if [ "${#logs[@]}" -eq 0 ]; then
  echo "check-transcripts: no transcripts under $transcripts (no CLI test ran?)" >&2
  exit 1
fi
echo "check-transcripts: ${#files[@]} SOPS example file(s), $count value(s), ${#logs[@]} transcript file(s)"
[ "$count" -gt 0 ] || exit 0

# Output lines of non-exempt entries, and beside them which entry each came from ("file entry=N verb=V").
awk -v ids="$work/ids" -v text="$work/text" '
  FNR == 1 { out = 0 }
  /^@@@ secretskit-transcript / { entry = $3; exempt = $4; verb = $5; out = 0; next }
  /^@@@ args / { out = 0; next }
  /^@@@ stdout$/ || /^@@@ stderr$/ { out = (exempt == "exempt=no"); next }
  /^@@@ end / { out = 0; next }
  out { print FILENAME " " entry " " verb > ids; print $0 > text }
' "${logs[@]}"
touch "$work/ids" "$work/text"

grep -n -F -f "$values" "$work/text" | cut -d: -f1 > "$work/lines" || true
if [ -s "$work/lines" ]; then
  echo "check-transcripts: FAILED - a secret value of the examples appears in the output of these non-exempt CLI invocations:" >&2
  awk 'NR == FNR { hit[$1] = 1; next } hit[FNR]' "$work/lines" "$work/ids" | sort -u | sed 's/^/  /' >&2
  echo "  (see that entry of the transcript file for the invocation; the value itself is not printed)" >&2
  exit 1
fi
echo "check-transcripts: no example secret value in any non-exempt CLI output"
