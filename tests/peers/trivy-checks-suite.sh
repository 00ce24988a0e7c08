#!/usr/bin/env bash
# Runs trivy-checks' own test cases for every Kubernetes (KSV) check through `secretskit policy`: each _test.rego case
# whose input is a literal object becomes a JSON manifest, the whole set is checked in one run, and the presence of the
# case's check among the findings is compared with the case's expected deny (count(r) > 0, == N > 0) or allow
# (count(r) == 0). It also compares each check's ID, AVD ID, severity and title with the Rego metadata
# (`secretskit policy --list-checks`). trivy-checks' files are fetched, never copied into this repository: they are
# extracted at the pinned tag into the git-ignored .tools/trivy-checks.
#
#   tests/peers/trivy-checks-suite.sh [-v]      -v prints each failing case with the findings it got
#
# Source of trivy-checks (first that exists): $TRIVY_CHECKS_GIT_DIR (a bare clone or mirror), else the mirror at
# /work/.mirror/aquasecurity+trivy-checks/repo, else a bare clone of $TRIVY_CHECKS_REPO (default
# https://github.com/aquasecurity/trivy-checks.git) made once into .tools. The tag must resolve to the pinned commit.
#
# Prints: trivy-checks v2.2.0 KSV test cases through secretskit policy: P/R runnable cases pass (S skipped: …), then
# one line per skipped case with its reason. Exit 0 only when every runnable case and every check's metadata agree.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v2.2.0
commit=d7c9302130a9b7e614a5c5d32854f6a08b4bc52e
out="$root/.tools/trivy-checks"

git_dir="${TRIVY_CHECKS_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  if [ -d /work/.mirror/aquasecurity+trivy-checks/repo ]; then
    git_dir=/work/.mirror/aquasecurity+trivy-checks/repo
  else
    git_dir="$root/.tools/trivy-checks.git"
    [ -d "$git_dir" ] || git clone -q --bare "${TRIVY_CHECKS_REPO:-https://github.com/aquasecurity/trivy-checks.git}" "$git_dir"
  fi
fi
# a worktree's .git is a file: ask git where the repository is
if [ -e "$git_dir/.git" ]; then git_dir="$(git -C "$git_dir" rev-parse --absolute-git-dir)"; fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "trivy-checks-suite: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
git --git-dir "$git_dir" archive "$tag" checks/kubernetes | tar -x -C "$out"
echo "$tag $commit" > "$out/VERSION"

sk="${SECRETSKIT_BIN:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit}"
[ -n "${SECRETSKIT_BIN:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2

exec python3 "$root/tests/peers/trivy_checks_suite.py" "$out/checks/kubernetes" "$(realpath "$sk")" "$tag" "$@"
