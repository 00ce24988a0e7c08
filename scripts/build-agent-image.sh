#!/usr/bin/env bash
# Builds the secretskit-agent image from deploy/Dockerfile (Native AOT agent on chiseled runtime-deps, non-root), tagged
# <repository>:<the chart's appVersion>, so the chart needs only `--set image.repository=<repository>`. No image is
# published yet: build it, then push it to a registry the cluster pulls from, or load it into a kind cluster.
#
#   scripts/build-agent-image.sh [--repository REPO] [--push] [--kind CLUSTER] [--platform PLATFORMS]
#
#   --repository REPO     image repository (default ghcr.io/secretskit/secretskit-agent, the chart's default)
#   --push                push after building (with --platform: one multi-arch push through buildx)
#   --kind CLUSTER        load the image into the kind cluster CLUSTER (`kind load docker-image`)
#   --platform PLATFORMS  e.g. linux/amd64,linux/arm64 (buildx; needs --push, a multi-arch image cannot be loaded)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repository=ghcr.io/secretskit/secretskit-agent
push=false kind="" platform=""
while [ $# -gt 0 ]; do
  case "$1" in
    --repository) repository="$2"; shift 2 ;;
    --push) push=true; shift ;;
    --kind) kind="$2"; shift 2 ;;
    --platform) platform="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "build-agent-image.sh: unknown argument '$1'; see --help" >&2; exit 1 ;;
  esac
done
# the chart's appVersion is the image tag its image.tag defaults to
tag="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$root/deploy/charts/secretskit-agent/Chart.yaml")"
[ -n "$tag" ] || { echo "build-agent-image.sh: no appVersion in deploy/charts/secretskit-agent/Chart.yaml" >&2; exit 1; }
image="$repository:$tag"
command -v docker > /dev/null || { echo "build-agent-image.sh: docker is not installed; build on a machine with docker (BuildKit)" >&2; exit 1; }

if [ -n "$platform" ]; then
  [ "$push" = true ] || { echo "build-agent-image.sh: --platform builds a multi-arch image, which must be pushed (--push)" >&2; exit 1; }
  docker buildx build -f "$root/deploy/Dockerfile" --platform "$platform" -t "$image" --push "$root"
else
  DOCKER_BUILDKIT=1 docker build -f "$root/deploy/Dockerfile" -t "$image" "$root"
  docker run --rm "$image" --version
  if [ "$push" = true ]; then docker push "$image"; fi
fi
if [ -n "$kind" ]; then kind load docker-image "$image" --name "$kind"; fi
echo "built $image; install with:"
echo "  helm install secretskit-agent deploy/charts/secretskit-agent -n secretskit --create-namespace --set image.repository=$repository"
