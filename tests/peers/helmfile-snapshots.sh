#!/usr/bin/env bash
# Runs helmfile v1.7.4's own template snapshot cases (test/e2e/template/helmfile/testdata/snapshot/*: input.yaml.gotmpl,
# config.yaml, output.yaml) and the integration test-cases that need neither a cluster nor the internet
# (test/integration/test-cases/*) through `secretskit release … template|list|build`, with the real helm 3.10.1 from
# .tools, comparing with the output helmfile recorded. helmfile's tests are fetched, never copied into this repository:
# they are extracted from tag v1.7.4 into the git-ignored .tools/helmfile-suite and run there.
#
#   tests/peers/helmfile-snapshots.sh [-v] [case-name…]      -v prints the diff of each failing case
#
# Source of helmfile (first that exists): $HELMFILE_GIT_DIR (a bare clone or mirror), else a clone of $HELMFILE_REPO
# (default https://github.com/helmfile/helmfile.git) made once into .tools. No Debian or npm package ships helmfile's
# sources or test data (checked: `apt-cache search helmfile` finds nothing, `npm view helmfile` is a 404), so on a
# machine whose network reaches only the package registries the script needs HELMFILE_GIT_DIR pointing at a mirror:
# it is a developer-run script, not part of scripts/test.sh. The tag must resolve to commit 6034a54e (v1.7.4).
#
# Charts that the cases take from a chart repository (`myrepo` on localhost:PORT, started by helmfile's own test with
# chartify's test server) are served here the same way: the cases' charts packaged by helm and indexed, on 127.0.0.1.
#
# Prints: helmfile v1.7.4 snapshot and integration cases through secretskit release: P/R runnable cases pass
# (S skipped: …), then one line per skipped case with its reason. Exit 0 only when every runnable case passes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v1.7.4
commit=6034a54e0da2a1793cddbeb759ea2771fc5952e8
work="$root/.tools/helmfile-suite"
helm="$root/.tools/helm/3.10.1/helm"

# --- peers: helm 3.10.1 (scripts/setup.sh), PyYAML (Debian python3-yaml) to compare YAML documents ---------------
[ -x "$helm" ] || bash "$root/scripts/setup.sh"
if ! python3 -c 'import yaml' 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-yaml >/dev/null
fi

# --- helmfile's tests at v1.7.4 ---------------------------------------------------------------------------------
git_dir="${HELMFILE_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/helmfile.git"
  [ -d "$git_dir" ] || git clone -q --bare "${HELMFILE_REPO:-https://github.com/helmfile/helmfile.git}" "$git_dir"
fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "helmfile-snapshots: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
git --git-dir "$git_dir" archive "$tag" test/e2e/template/helmfile/testdata test/integration | tar -x -C "$work"

# --- secretskit -------------------------------------------------------------------------------------------------
sk="${SECRETSKIT_BIN:-$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit}"
[ -n "${SECRETSKIT_BIN:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2

# helm's own state (repositories added by the cases) in a private directory, removed at exit
state="$(mktemp -d "${TMPDIR:-/tmp}/helmfile-snapshots.XXXXXX")"
trap 'kill $(cat "$state"/server-*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$state"' EXIT
export HELM_CONFIG_HOME="$state/helm/config" HELM_CACHE_HOME="$state/helm/cache" HELM_DATA_HOME="$state/helm/data"
# helmfile v1 renders only *.gotmpl states as templates; secretskit release does the same with this (see the README)
export HELMFILE_RENDER_YAML=false
export HELM_BIN="$helm" SECRETSKIT_BIN="$sk" HELMFILE_SUITE="$work" SUITE_STATE="$state"
export PATH="$(dirname "$helm"):$PATH"

exec python3 "$root/tests/peers/helmfile_snapshots.py" "$@"
