#!/bin/sh
# Installs (or uninstalls) SecretsKit's Helm plugins in the form the `helm` on PATH loads: Helm 3 takes the legacy
# folders (deploy/helm-plugin, deploy/helm-secrets-plugin), Helm 4 the one-type folders under their helm4/.
#
#   deploy/helm-plugins.sh install   [--replace] [secretskit] [secrets]
#   deploy/helm-plugins.sh uninstall [secretskit] [secrets]
#
# Sets: `secretskit` (helm secretskit …, secrets:// getter, Helm 4's secretskit-post-renderer) and `secrets` (the
# helm-secrets 4 drop-in: helm secrets …, its getters, Helm 4's secrets-post-renderer); no set named means both.
#
# Each plugin is linked into the first folder of `helm env HELM_PLUGINS` under its own name, as `helm plugin install
# <dir>` links a local folder (Helm 4's install ignores HELM_PLUGINS; this script does not). Before that, every plugin
# folder that claims a name of the sets is removed: SecretsKit's own (either helm's form, a link or a copy) always,
# another plugin of the name (helm-secrets itself) only with --replace, else nothing changes and it says which.
# Removing folders works even when Helm 4 loads no plugin at all (`two plugins claim the name …`), where
# `helm plugin uninstall` fails. A set already installed in the other helm's form is converted with the rest, since one
# Helm 4 manifest stops Helm 3 loading any plugin and a Helm 3 drop-in on Helm 4 is a getter named like Helm 4's `secrets`.
# Afterwards `helm plugin list` must succeed. HELM_BIN names the helm to use (default: helm on PATH).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
helm=${HELM_BIN:-helm}

usage() {
  echo "usage: $0 install [--replace] [secretskit] [secrets] | uninstall [secretskit] [secrets]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
action=$1
shift
case $action in install | uninstall) ;; *) usage ;; esac
replace=no
sets=
for arg in "$@"; do
  case $arg in
    --replace) replace=yes ;;
    secretskit | secrets) sets="$sets $arg" ;;
    *) usage ;;
  esac
done
[ -n "$sets" ] || sets=" secretskit secrets"

version=$("$helm" version --template '{{.Version}}' 2>/dev/null) || {
  echo "$0: cannot run '$helm version' (is helm on PATH?)" >&2
  exit 1
}
case $version in
  v3.*) major=3 ;;
  v4.*) major=4 ;;
  *) echo "$0: helm $version: only Helm 3 and Helm 4 are supported" >&2; exit 1 ;;
esac

# every folder helm reads plugins from (HELM_PLUGINS is a path list); plugins go into the first
plugin_path=$("$helm" env HELM_PLUGINS 2>/dev/null)
[ -n "$plugin_path" ] || { echo "$0: '$helm env HELM_PLUGINS' printed nothing" >&2; exit 1; }
target=${plugin_path%%:*}

# the plugin names a set claims, in either helm's form
names_of() {
  case $1 in
    secretskit) echo "secretskit secretskit-getter secretskit-post-renderer" ;;
    secrets) echo "secrets secrets-getter secrets-post-renderer" ;;
  esac
}

# the set a plugin name belongs to (empty: none of ours)
set_of() {
  case $1 in
    secretskit | secretskit-getter | secretskit-post-renderer) echo secretskit ;;
    secrets | secrets-getter | secrets-post-renderer) echo secrets ;;
  esac
}

# "name|version" of a plugin folder's manifest (top-level keys, quotes removed)
manifest() {
  awk '/^name:/ { n = $2 } /^version:/ { v = $2 } END { gsub(/["\047]/, "", n); gsub(/["\047]/, "", v); print n "|" v }' "$1/plugin.yaml"
}

# SecretsKit's own plugin: a secretskit* name, or the drop-in's "+secretskit" version
ours() {
  case $1 in
    secretskit*) return 0 ;;
  esac
  case $2 in
    *+secretskit) return 0 ;;
  esac
  return 1
}

# prints "folder|name|version" for every plugin folder helm would read
installed() {
  old_ifs=$IFS
  IFS=:
  for dir in $plugin_path; do
    IFS=$old_ifs
    [ -d "$dir" ] || continue
    for folder in "$dir"/*; do
      [ -f "$folder/plugin.yaml" ] || continue
      echo "$folder|$(manifest "$folder")"
    done
  done
  IFS=$old_ifs
}

wanted() {
  case " $sets " in *" $1 "*) return 0 ;; esac
  return 1
}

# install: sets already present as ours (either form) are converted too
if [ "$action" = install ]; then
  while IFS='|' read -r folder name ver; do
    set=$(set_of "$name")
    [ -n "$set" ] && ours "$name" "$ver" && ! wanted "$set" && sets="$sets $set"
  done <<EOF
$(installed)
EOF
fi

# what stands in the way: another plugin claiming one of our names
foreign=no
while IFS='|' read -r folder name ver; do
  set=$(set_of "$name")
  if [ -n "$set" ] && wanted "$set" && ! ours "$name" "$ver"; then
    foreign=yes
    if [ "$action" = install ] && [ "$replace" = no ]; then
      echo "$0: $folder is plugin '$name' $ver, not SecretsKit's" >&2
    elif [ "$action" = uninstall ]; then
      echo "$0: left $folder in place: plugin '$name' $ver is not SecretsKit's" >&2
    fi
  fi
done <<EOF
$(installed)
EOF
if [ $foreign = yes ] && [ "$action" = install ] && [ "$replace" = no ]; then
  echo "$0: nothing changed; run again with --replace to remove it (SecretsKit's 'secrets' plugin is a drop-in for helm-secrets)" >&2
  exit 1
fi

# remove ours (and, on install with --replace, the other plugins of our names) of the chosen sets
while IFS='|' read -r folder name ver; do
  set=$(set_of "$name")
  [ -n "$set" ] && wanted "$set" || continue
  if ours "$name" "$ver" || { [ "$action" = install ] && [ "$replace" = yes ]; }; then
    rm -rf "$folder"
    echo "removed $folder ($name $ver)"
  fi
done <<EOF
$(installed)
EOF

# the folder of one plugin in the form Helm $major loads
source_of() {
  case $major/$1 in
    3/secretskit) echo "$here/helm-plugin" ;;
    3/secrets) echo "$here/helm-secrets-plugin" ;;
    4/secretskit*) echo "$here/helm-plugin/helm4/$1" ;;
    4/secrets*) echo "$here/helm-secrets-plugin/helm4/$1" ;;
  esac
}

if [ "$action" = install ]; then
  command -v secretskit > /dev/null 2>&1 || echo "$0: warning: secretskit is not on PATH; the plugins run it from there" >&2
  mkdir -p "$target"
  for set in $sets; do
    for name in $(names_of "$set"); do
      folder=$(source_of "$name")
      [ -d "$folder" ] || continue  # Helm 3: one folder per set, named after the set
      ln -s "$folder" "$target/$name"
      echo "installed $name (Helm $major): $folder"
    done
  done
fi

if ! list=$("$helm" plugin list 2>&1); then
  echo "$list" >&2
  echo "$0: helm plugin list fails: helm loads no plugin (see above)" >&2
  exit 1
fi
echo "$list"
