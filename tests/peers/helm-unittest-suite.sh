#!/usr/bin/env bash
# Runs helm-unittest's own test-data charts, at the pinned commit (v1.1.0 + 14 commits, its newest on 2026-11-29), (test/data/v3/*, with their tests/ suites and __snapshot__/ files)
# through `secretskit unittest`, case by case as helm-unittest's runner tests run them (pkg/unittest/test_runner_test.go:
# chart, -f glob, -v values, --with-subchart, --failfast), and compares with the outputs those tests hold as expected
# (pkg/unittest/.snapshots/TestV3Runner*): each suite's PASS / FAIL / SKIP line, and for a failing suite the assertions
# named in its failures (`- asserts[i] `type` fail`). helm-unittest's files are fetched, never copied into this
# repository: they are extracted at the pinned commit into the git-ignored .tools/helm-unittest-suite. Besides the
# cases compared with a snapshot, the runner tests that check the summary lines or the output file are run too.
#
#   tests/peers/helm-unittest-suite.sh [-v] [case-name-substring…]      -v prints each case's output
#
# Source of helm-unittest (first that exists): $HELM_UNITTEST_GIT_DIR (a bare clone or mirror), else the mirror at
# /work/.mirror/helm-unittest+helm-unittest/repo, else a bare clone of $HELM_UNITTEST_REPO (default
# https://github.com/helm-unittest/helm-unittest.git) made once into .tools (fetched again when it lacks the commit).
# The pinned commit must exist there and `git describe --tags` must name it as $version.
# Helm: $HELM_BIN, else .tools/helm/3.10.1/helm (scripts/setup.sh installs it).
#
# Prints: helm-unittest v1.1.0-14-g866069b runner cases through secretskit unittest: P/R suites agree (S cases skipped: …), one line
# per skipped case with its reason, and every disagreement. Exit 0 only when every runnable suite agrees.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=v1.1.0-14-g866069b
commit=866069b499fd247336ee21956f9ae9a037cee5da
out="${HELM_UNITTEST_SUITE_DIR:-$root/.tools/helm-unittest-suite}"

git_dir="${HELM_UNITTEST_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  if [ -d /work/.mirror/helm-unittest+helm-unittest/repo ]; then
    git_dir=/work/.mirror/helm-unittest+helm-unittest/repo
  else
    git_dir="$root/.tools/helm-unittest.git"
    [ -d "$git_dir" ] || git clone -q --bare "${HELM_UNITTEST_REPO:-https://github.com/helm-unittest/helm-unittest.git}" "$git_dir"
  fi
fi
if [ -e "$git_dir/.git" ]; then git_dir="$(git -C "$git_dir" rev-parse --absolute-git-dir)"; fi
if [ "$git_dir" = "$root/.tools/helm-unittest.git" ] && ! git --git-dir "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
  git --git-dir "$git_dir" fetch -q origin '+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'
fi
git --git-dir "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "helm-unittest-suite: $git_dir has no commit $commit" >&2; exit 1; }
got="$(git --git-dir "$git_dir" describe --tags --abbrev=7 "$commit")"
[ "$got" = "$version" ] || { echo "helm-unittest-suite: $commit in $git_dir is $got, expected $version" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
git --git-dir "$git_dir" archive "$commit" test/data pkg/unittest/.snapshots | tar -x -C "$out"
echo "$version $commit" > "$out/VERSION"

sk="${SECRETSKIT_BIN:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit}"
[ -n "${SECRETSKIT_BIN:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2
export HELM_BIN="${HELM_BIN:-$root/.tools/helm/3.10.1/helm}"

exec python3 "$root/tests/peers/helm_unittest_suite.py" "$out" "$sk" "$version" "$@"
