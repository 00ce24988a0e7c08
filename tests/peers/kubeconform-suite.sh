#!/usr/bin/env bash
# Runs kubeconform v0.7.0's own tests through `secretskit validate`: every case of acceptance.bats and
# acceptance-nonetwork.bats, and the table cases of pkg/validator/validator_test.go (TestValidate, TestValidationErrors,
# TestValidateFile: each resource and its one or two schema "registries" written to files, given as plain
# --schema-location files), comparing the exit status (success or failure) and the findings: a summary's counts, the
# resource and JSON path a failure names, the documents skipped or refused. kubeconform's tests are fetched, never
# copied into this repository: they are extracted from tag v0.7.0 into the git-ignored .tools/kubeconform-suite.
#
#   tests/peers/kubeconform-suite.sh [-v] [case-name-substring…]      -v prints each case's command and output
#
# Source of kubeconform (first that exists): $KUBECONFORM_GIT_DIR (a bare clone or mirror), else the mirror the tools of
# this project's sessions keep in /work/.mirror/yannh+kubeconform/repo, else a clone of $KUBECONFORM_REPO (default
# https://github.com/yannh/kubeconform.git) made once into .tools. No Debian or npm package ships kubeconform's tests.
# It is a developer-run script, not part of scripts/test.sh. The tag must resolve to commit e65429b1 (v0.7.0). A file
# the mirror holds no content for (fixtures/valid_large.yaml, 100,000 resources) is left out and its cases skipped.
#
# Flags map onto secretskit validate's: -strict → --strict (its absence → --strict=false: kubeconform is lax by
# default), -ignore-missing-schemas → the default (its absence → --reject-missing-schemas), -schema-location →
# --schema-location (kubeconform's default location, its kubernetes-json-schema on GitHub, → the built-in schemas),
# -kubernetes-version → --kube-version, -skip/-reject → --skip/--reject, -output json → --output json, -summary and
# -verbose → nothing (the summary is always printed). No equivalent: -cache, -ignore-filename-pattern, -output tap/junit,
# -n, -exit-on-error, -insecure-skip-tls-verify, -debug; cases that use them are skipped, as are cases that need the
# internet. kubeconform exits 1 on any failure; secretskit exits 1 (invalid) or 2 (an input could not be read): both
# count as a failure.
#
# Prints: kubeconform v0.7.0 acceptance and validator cases through secretskit validate: P/R runnable cases pass
# (S skipped: …), then one line per skipped case with its reason. Exit 0 only when every runnable case passes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v0.7.0
commit=e65429b1e5990dd019ebb7b5642dcd22a3e9cd13
work="${KUBECONFORM_SUITE_DIR:-$root/.tools/kubeconform-suite}"   # KUBECONFORM_SUITE_DIR: elsewhere (e.g. when .tools is shared)

git_dir="${KUBECONFORM_GIT_DIR:-}"
if [ -z "$git_dir" ] && [ -d /work/.mirror/yannh+kubeconform/repo ]; then git_dir=/work/.mirror/yannh+kubeconform/repo; fi
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/kubeconform.git"
  [ -d "$git_dir" ] || git clone -q --bare "${KUBECONFORM_REPO:-https://github.com/yannh/kubeconform.git}" "$git_dir"
fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "kubeconform-suite: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
# every file of the tests whose content the mirror holds (a shallow mirror may lack the largest blobs)
while read -r _ _ object path; do
  if git --git-dir "$git_dir" cat-file -e "$object" 2>/dev/null; then
    mkdir -p "$work/$(dirname "$path")"
    git --git-dir "$git_dir" cat-file blob "$object" > "$work/$path"
  else
    echo "kubeconform-suite: $path is not in the mirror" >&2
  fi
done < <(git --git-dir "$git_dir" ls-tree -r "$tag" -- fixtures acceptance.bats acceptance-nonetwork.bats pkg/validator/validator_test.go)

sk="${SECRETSKIT_BIN:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit}"
[ -n "${SECRETSKIT_BIN:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2

export SECRETSKIT_BIN="$sk" KUBECONFORM_SUITE="$work"
exec python3 "$root/tests/peers/kubeconform_suite.py" "$@"
