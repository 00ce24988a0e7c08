#!/usr/bin/env bash
# Extracts helmfile v1.7.4's command-line flag definitions (cmd/*.go, where cobra/pflag defines every flag of every
# verb, and pkg/config/*.go, the options they fill) into the git-ignored .tools/helmfile-flags, then runs the test that
# holds docs/migrate-from-helmfile.md's table of helmfile flags to them and to `secretskit release`'s own command tree
# (SecretsKit.Cli.Tests, HelmfileFlagTableTests). helmfile's sources are fetched, never copied into this repository.
#
#   tests/peers/helmfile-flags.sh            extract, then run the test
#   tests/peers/helmfile-flags.sh --extract  only extract
#
# Source of helmfile (first that exists): $HELMFILE_GIT_DIR (a bare clone or mirror), else the mirror at
# /work/.mirror/helmfile+helmfile/repo, else a bare clone of $HELMFILE_REPO (default
# https://github.com/helmfile/helmfile.git) made once into .tools (tests/peers/helmfile-snapshots.sh uses the same one).
# The tag must resolve to commit 6034a54e (v1.7.4).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v1.7.4
commit=6034a54e0da2a1793cddbeb759ea2771fc5952e8
out="$root/.tools/helmfile-flags"

git_dir="${HELMFILE_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  if [ -d /work/.mirror/helmfile+helmfile/repo ]; then
    git_dir=/work/.mirror/helmfile+helmfile/repo
  else
    git_dir="$root/.tools/helmfile.git"
    [ -d "$git_dir" ] || git clone -q --bare "${HELMFILE_REPO:-https://github.com/helmfile/helmfile.git}" "$git_dir"
  fi
fi
# a worktree's .git is a file: ask git where the repository is
if [ -e "$git_dir/.git" ]; then git_dir="$(git -C "$git_dir" rev-parse --absolute-git-dir)"; fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "helmfile-flags: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
git --git-dir "$git_dir" archive "$tag" cmd pkg/config | tar -x -C "$out"
echo "$tag $commit" > "$out/VERSION"
echo "helmfile $tag: $(ls "$out"/cmd/*.go | wc -l) files of cmd/ in $out" >&2

[ "${1:-}" = "--extract" ] && exit 0
cd "$root"
exec dotnet test tests/SecretsKit.Cli.Tests -c Release --filter 'FullyQualifiedName~HelmfileFlagTable' --logger 'console;verbosity=detailed'
