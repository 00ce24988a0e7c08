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
# CI keeps only this output: name each failed test with the first lines of its message (a test's own output, which
# the trx writes before the message, is skipped)
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  perl -0777 -ne '
    my %xml = (quot => q("), lt => "<", gt => ">", amp => "&", apos => "\x27");
    while (/<UnitTestResult\b([^>]*?)(?:\/>|>(.*?)<\/UnitTestResult>)/gs) {
      my ($attrs, $body) = ($1, $2 // "");
      next unless $attrs =~ /outcome="Failed"/;
      my ($name) = $attrs =~ /testName="([^"]*)"/;
      my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
      $message = substr($message // "(no message)", 0, 1500);
      s/&(quot|lt|gt|amp|apos);/$xml{$1}/g for $name, $message;
      print "FAILED $name: $message\n";
    }' "$trx" || true
done
bash scripts/check-transcripts.sh --transcripts "$SECRETSKIT_TEST_TRANSCRIPTS" \
  --cli src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit $status
