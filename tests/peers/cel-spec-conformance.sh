#!/usr/bin/env bash
# Extracts cel-spec's "simple" conformance files (tests/simple/testdata/*.textproto) at a pinned tag into the
# git-ignored .tools/cel-spec, then runs SecretsKit.Cel.Tests' conformance test over them, which prints the pass count
# per file and fails below 98 % of the runnable cases (cases needing protobuf message types are skipped, with the
# reason). cel-spec's files are fetched, never copied into this repository.
#
#   tests/peers/cel-spec-conformance.sh            extract, then run the conformance test
#   tests/peers/cel-spec-conformance.sh --extract  only extract
#
# Source of cel-spec (first that exists): $CEL_SPEC_GIT_DIR (a bare clone or mirror), else the mirror at
# /work/.mirror/google+cel-spec/repo, else a bare clone of $CEL_SPEC_REPO (default
# https://github.com/google/cel-spec.git) made once into .tools. The tag must resolve to the pinned commit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v0.25.2
commit=cb51b4176013ad19bd00df94be273c322916a620
out="$root/.tools/cel-spec"

git_dir="${CEL_SPEC_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  if [ -d /work/.mirror/google+cel-spec/repo ]; then
    git_dir=/work/.mirror/google+cel-spec/repo
  else
    git_dir="$root/.tools/cel-spec.git"
    [ -d "$git_dir" ] || git clone -q --bare "${CEL_SPEC_REPO:-https://github.com/google/cel-spec.git}" "$git_dir"
  fi
fi
# a worktree's .git is a file: ask git where the repository is
if [ -e "$git_dir/.git" ]; then git_dir="$(git -C "$git_dir" rev-parse --absolute-git-dir)"; fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "cel-spec-conformance: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
git --git-dir "$git_dir" archive "$tag" tests/simple/testdata | tar -x -C "$out" --strip-components=3
echo "$tag $commit" > "$out/VERSION"
echo "cel-spec $tag: $(ls "$out"/*.textproto | wc -l) files in $out" >&2

[ "${1:-}" = "--extract" ] && exit 0
cd "$root"
exec dotnet test tests/SecretsKit.Cel.Tests -c Release --filter 'FullyQualifiedName~CelSpecConformance' \
  --logger 'console;verbosity=detailed'
