#!/usr/bin/env bash
# Fetches External Secrets Operator's own CRDs (ExternalSecret, ClusterExternalSecret, PushSecret and every generator kind) at a pinned tag into
# .tools/eso-crds/<tag>/ (ignored), for EsoCrdSchemaWalkTests. Developer-run: CI reaches only Debian, NuGet and npm, and
# no npm package ships ESO's CRDs, so without this folder those tests are skipped (the chart's own CRDs are walked in CI).
#   scripts/fetch-eso-crds.sh                    # shallow clone of github.com/external-secrets/external-secrets at the tag
#   ESO_GIT_DIR=/path/to/repo.git scripts/fetch-eso-crds.sh   # read from an existing clone or mirror instead
set -euo pipefail
tag=v2.9.0
commit=378bdb622ed9 # the commit the v2.9.0 tag names
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.tools/eso-crds/$tag"
files=(external-secrets.io_externalsecrets.yaml external-secrets.io_clusterexternalsecrets.yaml external-secrets.io_pushsecrets.yaml)
for plural in acraccesstokens beyondtrustworkloadcredentialsdynamicsecrets cloudsmithaccesstokens clustergenerators ecrauthorizationtokens fakes \
  gcraccesstokens githubaccesstokens gitlabdeploytokens grafanas mfas passwords quayaccesstokens sshkeys stssessiontokens uuids \
  vaultdynamicsecrets webhooks generatorstates; do
  files+=("generators.external-secrets.io_$plural.yaml")
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git_dir="${ESO_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  git clone --quiet --bare --depth 1 --branch "$tag" https://github.com/external-secrets/external-secrets.git "$tmp/eso.git"
  git_dir="$tmp/eso.git"
fi
resolved="$(git --git-dir="$git_dir" rev-parse "$tag^{commit}")"
case "$resolved" in
  "$commit"*) ;;
  *) echo "fetch-eso-crds: $tag is $resolved in $git_dir, expected $commit" >&2; exit 1 ;;
esac
files+=(external-secrets.io_secretstores.yaml) # SecretStore: OnePasswordStoreSchemaTests compares its provider schemas
mkdir -p "$tmp/out"
for f in "${files[@]}"; do git --git-dir="$git_dir" show "$tag:config/crds/bases/$f" > "$tmp/out/$f"; done
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp/out" "$out"
echo "fetch-eso-crds: ESO $tag CRDs in $out"
