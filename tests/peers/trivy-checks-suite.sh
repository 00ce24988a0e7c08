#!/usr/bin/env bash
# Runs trivy-checks' own test cases for every Kubernetes check (KSV, and the KCV control-plane and ingress-nginx checks)
# through `secretskit policy`: each _test.rego case whose input is a literal object becomes a JSON manifest, the whole
# set is checked in one run, and the presence of the case's check among the findings is compared with the case's
# expected deny (count(r) > 0, == N > 0) or allow (count(r) == 0). It also compares each check's ID, AVD ID, severity
# and title with the Rego metadata (`secretskit policy --list-checks`). The checks whose input selector is node-collector's
# NodeInfo (KCV0048-KCV0092: file modes and owners on a node, kubelet flags) read no manifest: their cases are listed as
# skipped. trivy-checks' files are fetched, never copied into this repository: they are extracted at the pinned commit
# into the git-ignored .tools/trivy-checks.
#
#   tests/peers/trivy-checks-suite.sh [-v]      -v prints each failing case with the findings it got
#
# Source of trivy-checks (first that exists): $TRIVY_CHECKS_GIT_DIR (a bare clone or mirror), else the mirror at
# /work/.mirror/aquasecurity+trivy-checks/repo, else a bare clone of $TRIVY_CHECKS_REPO (default
# https://github.com/aquasecurity/trivy-checks.git) made once into .tools (fetched again when it lacks the commit).
#
# Prints: trivy-checks v2.2.0-20-g80e53822 Kubernetes test cases through secretskit policy: P/R runnable cases pass
# (S skipped: …), then one line per skipped case with its reason. Exit 0 only when every runnable case and every check's
# metadata agree.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# trivy-checks' main branch on 2026-08-21 (#595), 20 commits past v2.2.0: v2.2.0's Kubernetes checks and cases, renamed files
version=v2.2.0-20-g80e53822
commit=80e5382269707262f35cf893bdc0805cb72217e9
out="$root/.tools/trivy-checks"

git_dir="${TRIVY_CHECKS_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  if [ -d /work/.mirror/aquasecurity+trivy-checks/repo ]; then
    git_dir=/work/.mirror/aquasecurity+trivy-checks/repo
  else
    git_dir="$root/.tools/trivy-checks.git"
    [ -d "$git_dir" ] || git clone -q --bare "${TRIVY_CHECKS_REPO:-https://github.com/aquasecurity/trivy-checks.git}" "$git_dir"
    git --git-dir "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || git --git-dir "$git_dir" fetch -q origin '+refs/heads/*:refs/heads/*'
  fi
fi
# a worktree's .git is a file: ask git where the repository is
if [ -e "$git_dir/.git" ]; then git_dir="$(git -C "$git_dir" rev-parse --absolute-git-dir)"; fi
git --git-dir "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null \
  || { echo "trivy-checks-suite: $git_dir has no commit $commit ($version)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
git --git-dir "$git_dir" archive "$commit" checks/kubernetes | tar -x -C "$out"
echo "$version $commit" > "$out/VERSION"

sk="${SECRETSKIT_BIN:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit}"
[ -n "${SECRETSKIT_BIN:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2

exec python3 "$root/tests/peers/trivy_checks_suite.py" "$out/checks/kubernetes" "$(realpath "$sk")" "$version" "$@"
