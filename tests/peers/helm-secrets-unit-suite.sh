#!/usr/bin/env bash
# Runs helm-secrets 4.7.7's own unit suite (tests/unit, sops backend) against SecretsKit's drop-in
# deploy/helm-secrets-plugin, with the real helm 3.10.1 from .tools and `sops` on PATH being the SecretsKit CLI (the
# suite's fixtures are made with `sops -e -i`). helm-secrets' tests are fetched, never copied into this repository:
# they are extracted from tag v4.7.7 into the git-ignored .tools/helm-secrets-suite and run there.
#
#   tests/peers/helm-secrets-unit-suite.sh [bats args…]     e.g. --filter 'decrypt:' to run a few tests
#
# Source of helm-secrets (first that exists): $HELM_SECRETS_GIT_DIR (a bare clone or mirror), else a clone of
# $HELM_SECRETS_REPO (default https://github.com/jkroepke/helm-secrets.git) made once into .tools. The tag must
# resolve to commit f02f8df1 (v4.7.7). Needs Debian's bats, bats-support, bats-assert and bats-file (installed here
# with apt-get when missing).
#
# Prints: helm-secrets 4.7.7 unit suite against deploy/helm-secrets-plugin: P/R offline tests pass (S skipped: reasons)
# R counts every test that can run here; S = the suite's own skips (Windows/WSL, helm >= 3.13, vals, other
# backends) plus the tests listed in offline_only() below, which need the network or a vals binary (counted skipped
# whatever they do; with a vals binary on PATH the vals! tests run: drop that line).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v4.7.7
commit=f02f8df1c57af3c65f531bb0e0bc0859a8540845
work="$root/.tools/helm-secrets-suite"
helm="$root/.tools/helm/3.10.1/helm"
# A private TMPDIR, removed at exit: a run of the suite once left a /tmp/.sops.yaml symlink to one of its fixtures,
# which every later tool working under /tmp then found as its config.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/helm-secrets-suite.XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

# --- peers: bats and its libraries (Debian packages), helm 3.10.1 (scripts/setup.sh) ---------------------------
if ! command -v bats >/dev/null 2>&1 || [ ! -d /usr/lib/bats/bats-assert ] || [ ! -d /usr/lib/bats/bats-file ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "suite: installing bats bats-support bats-assert bats-file" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq bats bats-support bats-assert bats-file >/dev/null
fi
[ -x "$helm" ] || bash "$root/scripts/setup.sh"

# --- helm-secrets' tests at v4.7.7 -----------------------------------------------------------------------------
git_dir="${HELM_SECRETS_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/helm-secrets.git"
  [ -d "$git_dir" ] || git clone -q --bare "${HELM_SECRETS_REPO:-https://github.com/jkroepke/helm-secrets.git}" "$git_dir"
fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "suite: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

# The suite installs "$GIT_ROOT" as the `secrets` plugin and reads "$GIT_ROOT/tests": GIT_ROOT is a copy of the
# drop-in with helm-secrets' tests next to it.
rm -rf "$work"
mkdir -p "$work/helm-secrets" "$work/bin"
cp -R "$root/deploy/helm-secrets-plugin/." "$work/helm-secrets/"
git --git-dir "$git_dir" archive "$commit" tests | tar -x -C "$work/helm-secrets"
mkdir -p "$work/helm-secrets/tests/bats/extensions"
for lib in bats-support bats-assert bats-file; do rm -rf "$work/helm-secrets/tests/bats/extensions/$lib"; ln -s "/usr/lib/bats/$lib" "$work/helm-secrets/tests/bats/extensions/$lib"; done

# The suite's setup installs helm-git from GitHub when no plugin named like "git" is listed. Offline, a stand-in
# plugin takes its place: it answers git+https:// value files with an error (those tests are network tests below).
mkdir -p "$work/helm-secrets/tests/.tmp/cache/Linux/helm/plugins/helm-git"
cat >"$work/helm-secrets/tests/.tmp/cache/Linux/helm/plugins/helm-git/plugin.yaml" <<'EOF'
name: helm-git
version: 0.0.0-offline
usage: "offline stand-in for helm-git"
description: "offline stand-in for helm-git"
downloaders:
  - command: "offline.sh"
    protocols: ["git+https", "git+ssh", "git+file"]
EOF
printf '#!/bin/sh\necho "helm-git stand-in: no network here ($4)" >&2\nexit 1\n' \
  >"$work/helm-secrets/tests/.tmp/cache/Linux/helm/plugins/helm-git/offline.sh"
chmod +x "$work/helm-secrets/tests/.tmp/cache/Linux/helm/plugins/helm-git/offline.sh"

# PATH: helm 3.10.1 as `helm`, the SecretsKit CLI as `secretskit` and as `sops`.
[ -n "${SUITE_NO_BUILD:-}" ] || dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v:q >&2
dll="$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll"
ln -s "$helm" "$work/bin/helm"
printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$dll" >"$work/bin/secretskit"
chmod +x "$work/bin/secretskit"
ln -s secretskit "$work/bin/sops"

# Tests that cannot run here, by name (awk regex) and reason: they need the network, a vals binary or a newer helm.
# The first match decides; RUN marks tests that do run (a download from example.com/404.yaml fails offline too).
offline_only() {
  cat <<'EOF'
404\.yaml|RUN
http://|network: fetches a value file over HTTP from the internet
http\.yaml|network: fetches a value file over HTTP from the internet
git://|network: clones github.com through helm-git
remote chart|network: pulls a chart from a remote repository
onepassword|network: the 1Password CLI and service
some-secrets.yaml \+ --insecure-skip-tls-verify=true|helm 3.10.1 itself refuses --insecure-skip-tls-verify before any plugin runs (helm-secrets too)
vals!|needs a vals binary (helm-secrets' vals backend), which no registry here provides
EOF
}

tap="$work/result.tap"
set +e
(cd "$work/helm-secrets" && env -u HELM_PLUGINS -u HELM_DATA_HOME -u HELM_CONFIG_HOME -u HELM_CACHE_HOME \
  PATH="$work/bin:$PATH" HELM_SECRETS_BACKEND=sops \
  bats --tap -r tests/unit "$@") >"$tap" 2>"$work/stderr.log"
set -e

awk -v list="$(offline_only)" '
  BEGIN { n = split(list, rows, "\n"); for (i = 1; i <= n; i++) { split(rows[i], f, "|"); pat[i] = f[1]; why[i] = f[2] } }
  /^(not )?ok [0-9]+ / {
    line = $0; name = line; sub(/^(not )?ok [0-9]+ /, "", name)
    net = 0
    for (i = 1; i <= n; i++) if (name ~ pat[i]) { if (why[i] != "RUN") { net = 1; reason[why[i]]++ }; break }
    if (net) { skipped++; next }
    if (line ~ /# skip/) { skipped++; r = line; sub(/.*# skip ?/, "", r); if (r == "") r = "suite skip (Windows, other backend or helm version)"; reason[r]++; next }
    total++
    if (line ~ /^ok /) pass++; else failed[++nf] = name
  }
  END {
    for (i = 1; i <= nf; i++) print "FAIL: " failed[i] > "/dev/stderr"
    s = ""; for (r in reason) s = s (s == "" ? "" : "; ") reason[r] " " r
    printf "helm-secrets 4.7.7 unit suite against deploy/helm-secrets-plugin: %d/%d offline tests pass (%d skipped: %s)\n", pass, total, skipped, s
    exit (pass == total ? 0 : 1)
  }' "$tap"
