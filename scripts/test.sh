#!/usr/bin/env bash
# Runs the whole test suite: set-up, build with zero warnings, every test project, the suite-wide secret grep over
# every CLI output the tests recorded (scripts/check-transcripts.sh), one summary line.
set -euo pipefail
# Tests send SIGHUP, SIGINT and SIGQUIT to the processes they start. A runner that starts this script with those
# ignored (nohup, a background job of a non-interactive shell) would pass that on to every child, and the signal
# tests would measure the runner instead: run with every signal at its default action.
if [ -z "${SECRETSKIT_TEST_SIGNALS_RESET:-}" ] && grep -Eq '^SigIgn:[[:space:]]*0*[1-9a-f]' /proc/$$/status 2> /dev/null; then
  SECRETSKIT_TEST_SIGNALS_RESET=1 exec env --default-signal bash "$0" "$@"
fi
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build SecretsKit.sln -c Release -warnaserror -nologo -v:q
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
# Every CLI invocation of the tests is recorded here; check-transcripts.sh greps it for example secret values.
export SECRETSKIT_TEST_TRANSCRIPTS="$results/transcripts"
mkdir -p "$SECRETSKIT_TEST_TRANSCRIPTS"
for proj in tests/*.Tests/*.Tests.csproj; do
  name="$(basename "$proj" .csproj)"
  dotnet test "$proj" -c Release --no-build --nologo -v:q \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c")"; f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c")"
  n="$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$c")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
# CI keeps only this output: name each failed test with the first lines of its message
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  tr '\n' ' ' <"$trx" | grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*> *<Output> *<ErrorInfo> *<Message>[^<]\{0,600\}' \
    | sed -e 's/.*testName="\([^"]*\)".*<Message>/FAILED \1: /' -e 's/&quot;/"/g;s/&lt;/</g;s/&gt;/>/g;s/&amp;/\&/g' || true
done
bash scripts/check-transcripts.sh --transcripts "$SECRETSKIT_TEST_TRANSCRIPTS" \
  --cli src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit $status
