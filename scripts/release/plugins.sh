#!/usr/bin/env bash
# The Helm plugin tarballs, each with a .prov beside it when a signing key is given:
#   Helm 4 (cli/v1, getter/v1, postrenderer/v1):  <name>-<version>.tgz for the six plugins under deploy/*/helm4/
#   Helm 3 (legacy plugin.yaml):                  <name>-helm3-<version>.tgz for deploy/helm-plugin and
#                                                 deploy/helm-secrets-plugin (their helm4/ folder left out)
# A Helm 4 tarball holds one folder named after the plugin (as `helm plugin package` makes it); a Helm 3 tarball holds
# the plugin's files at its root, where Helm 3's `helm plugin install <url>` looks for plugin.yaml. Their bytes depend
# only on the files (scripts/release/lib.sh det_tgz).
# The .prov is Helm's provenance format (the plugin.yaml, "...", then `files: {<tarball>: sha256:<hex>}`), clear-signed
# by gpg with the given key; Helm 4 checks it on `helm plugin install <url>.tgz` (its --verify is on by default) and
# with `helm plugin verify`. The signature's time is SOURCE_DATE_EPOCH (or the key's creation time if that is later),
# so one key signs the same tarball the same way every time.
#   scripts/release/plugins.sh REPO_ROOT OUT_DIR [KEYID]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
root="${1:?usage: plugins.sh REPO_ROOT OUT_DIR [KEYID]}" out="${2:?}" key="${3:-}"
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/release-plugins.XXXXXX")"
trap 'rm -rf "$work"' EXIT

sigtime=""
if [ -n "$key" ]; then
  command -v gpg > /dev/null || die "gpg is not installed; it signs the plugins (--sign-key)"
  created="$(gpg --batch --with-colons --list-secret-keys -- "$key" 2> /dev/null | awk -F: '$1 == "sec" { print $6; exit }')"
  [ -n "$created" ] || die "no secret key '$key' in the gpg keyring (${GNUPGHOME:-~/.gnupg})"
  sigtime=$(( created > SOURCE_DATE_EPOCH ? created : SOURCE_DATE_EPOCH ))
fi

# field NAME FILE: a top-level scalar of a plugin.yaml, quotes removed
field() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *\$/\1/p" "$2" | head -n 1; }

# package SOURCE_DIR TARBALL_NAME [--flat]: copies the plugin (without helm4/) into a folder named after it, tars that
# folder (with --flat, its contents), signs the tarball
package() {
  local src="$1" tarball="$2" flat="${3:-}" name stage
  name="$(field name "$src/plugin.yaml")"
  [ -n "$name" ] || die "no name in $src/plugin.yaml"
  stage="$work/$tarball.d"
  mkdir -p "$stage/$name"
  (cd "$src" && find . -mindepth 1 -maxdepth 1 ! -name helm4 -exec cp -R {} "$stage/$name/" \;)
  chmod -R u+rwX,go+rX,go-w "$stage"
  if [ -n "$flat" ]; then det_tgz "$stage/$name" "$out/$tarball"; else det_tgz "$stage" "$out/$tarball" "$name"; fi
  rm -f "$out/$tarball.prov"
  if [ -n "$key" ]; then
    { cat "$src/plugin.yaml"; printf '\n...\nfiles:\n  %s: sha256:%s\n' "$tarball" "$(sha256sum "$out/$tarball" | cut -d' ' -f1)"; } \
      > "$work/$tarball.msg"
    gpg --batch --yes --quiet --faked-system-time "$sigtime!" --digest-algo SHA512 --local-user "$key" \
      --clearsign --output "$out/$tarball.prov" "$work/$tarball.msg" 2> "$work/gpg.err" \
      || die "gpg could not sign $tarball with key '$key': $(grep -v '^gpg: WARNING: running with faked system time' "$work/gpg.err" | head -n 3)"
  fi
  echo "$tarball"
}

for dir in "$root"/deploy/helm-plugin/helm4/*/ "$root"/deploy/helm-secrets-plugin/helm4/*/; do
  dir="${dir%/}"
  package "$dir" "$(field name "$dir/plugin.yaml")-$(field version "$dir/plugin.yaml").tgz"
done
for dir in "$root/deploy/helm-plugin" "$root/deploy/helm-secrets-plugin"; do
  package "$dir" "$(field name "$dir/plugin.yaml")-helm3-$(field version "$dir/plugin.yaml").tgz" --flat
done
