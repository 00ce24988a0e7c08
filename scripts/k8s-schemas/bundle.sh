#!/usr/bin/env bash
# Builds the Kubernetes schema bundles that `secretskit validate` embeds
# (src/SecretsKit.Deploy/Validation/Schemas/k8s-<minor>.json.gz and its index k8s-<minor>.index), reproducibly, from Kubernetes' own published
# OpenAPI v3 spec: kubernetes/kubernetes api/openapi-spec/v3 on branch release-<minor>.
#
# usage: scripts/k8s-schemas/bundle.sh SPEC_DIR MINOR [SOURCE]
#   SPEC_DIR  a directory holding api/v1.json and apis/<group>/<version>.json of one Kubernetes minor
#   MINOR     e.g. 1.35
#   SOURCE    where SPEC_DIR came from (written into the bundle)
# or:  scripts/k8s-schemas/bundle.sh --from-kubectl-validate GIT_DIR MINOR...
#   takes the spec from a kubernetes-sigs/kubectl-validate clone (pkg/openapiclient/builtins/<minor>/, which its
#   cmd/download-builtin-schemas copies unmodified from kubernetes/kubernetes api/openapi-spec/v3, release-<minor>).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../src/SecretsKit.Deploy/Validation/Schemas"
mkdir -p "$out"
if [[ "${1:-}" == "--from-kubectl-validate" ]]; then
  git_dir="$2"; shift 2
  commit="$(git --git-dir="$git_dir" rev-parse HEAD)"
  for minor in "$@"; do
    tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
    git --git-dir="$git_dir" archive "$commit" "pkg/openapiclient/builtins/$minor" | tar -x -C "$tmp"
    python3 "$here/bundle.py" "$tmp/pkg/openapiclient/builtins/$minor" "$minor" \
      "kubernetes/kubernetes api/openapi-spec/v3 (release-$minor), via kubernetes-sigs/kubectl-validate@$commit pkg/openapiclient/builtins/$minor" \
      "$out/k8s-$minor.json.gz"
    rm -rf "$tmp"; trap - EXIT
  done
else
  python3 "$here/bundle.py" "$1" "$2" "${3:-kubernetes/kubernetes api/openapi-spec/v3 (release-$2)}" "$out/k8s-$2.json.gz"
fi
