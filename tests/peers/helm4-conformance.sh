#!/usr/bin/env bash
# Positive control for the Helm 4 contract test (tests/SecretsKit.Cli.Tests/Helm/Helm4): runs the same Helm 4.2 loader
# rules and the same invocations over helm-secrets 4.7.7's own three Helm 4 plugins (plugins/helm-secrets-cli,
# -getter, -post-renderer), which are extracted from tag v4.7.7 into the git-ignored .tools/helm4-conformance, never
# copied into this repository. If the rules were wrong, helm-secrets' manifests (which Helm 4 does load) would fail.
#
#   tests/peers/helm4-conformance.sh
#
# Source of helm-secrets: $HELM_SECRETS_GIT_DIR (a bare clone or mirror), else a clone of $HELM_SECRETS_REPO (default
# https://github.com/jkroepke/helm-secrets.git) made once into .tools. The tag must resolve to commit f02f8df1 (v4.7.7).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v4.7.7
commit=f02f8df1c57af3c65f531bb0e0bc0859a8540845
work="$root/.tools/helm4-conformance"

git_dir="${HELM_SECRETS_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/helm-secrets.git"
  [ -d "$git_dir" ] || git clone -q --bare "${HELM_SECRETS_REPO:-https://github.com/jkroepke/helm-secrets.git}" "$git_dir"
fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "conformance: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/helm-secrets" "$work/plugins"
# plugins/*/scripts are symlinks to ../../scripts in helm-secrets' tree: extract both
git --git-dir "$git_dir" archive "$commit" plugins scripts plugin.yaml | tar -x -C "$work/helm-secrets"
for p in "$work/helm-secrets/plugins"/*/; do ln -s "${p%/}" "$work/plugins/$(basename "$p")"; done
echo "conformance: helm-secrets $tag Helm 4 plugins: $(cd "$work/plugins" && echo *)" >&2

[ -x "$root/.tools/helm/3.10.1/helm" ] || bash "$root/scripts/setup.sh"
[ -n "${CONFORMANCE_NO_BUILD:-}" ] || dotnet build "$root/tests/SecretsKit.Cli.Tests" -c Release -nologo -v:q >&2
SECRETSKIT_HELM4_CONFORMANCE_DIR="$work/plugins" dotnet test "$root/tests/SecretsKit.Cli.Tests" -c Release --no-build -nologo \
  --filter "FullyQualifiedName~Helm4ConformanceTests" --logger "console;verbosity=normal" 2>&1 | tee "$work/result.txt" \
  | grep -E "^\s+(Passed|Failed|Skipped) |Total tests|Passed:|Failed:|Skipped:" || true
# every conformance test must have run and passed (none skipped)
grep -Eq "Passed: +3\b|Passed!.*Passed: +3," "$work/result.txt" && ! grep -Eq "Failed: +[1-9]|Skipped: +[1-9]" "$work/result.txt" \
  || { echo "conformance: FAILED (see $work/result.txt)" >&2; exit 1; }
echo "conformance: helm-secrets $tag's three Helm 4 manifests pass the Helm 4.2 loader rules and invocations of the contract test"
