#!/usr/bin/env bash
# Builds the secretskit-agent image, tagged <repository>:<the chart's appVersion>, so the chart needs only
# `--set image.repository=<repository>`. No image is published yet: build it, then push it to a registry the cluster
# pulls from, or load it into a kind cluster.
#   with docker:    from deploy/Dockerfile (BuildKit; Native AOT agent on chiseled runtime-deps, non-root)
#   without docker (no client, or no daemon answering it): as scripts/release.sh builds it, with no daemon: the Native AOT agent on a Debian root filesystem,
#                   an OCI layout made with umoci, pushed with skopeo (scripts/setup.sh installs umoci and skopeo)
#
#   scripts/build-agent-image.sh [--repository REPO] [--push] [--kind CLUSTER] [--platform PLATFORMS] [--agent-binary FILE]
#
#   --repository REPO     image repository (default ghcr.io/secretskit/secretskit-agent, the chart's default)
#   --push                push after building (with --platform: one multi-arch push through buildx); a registry on
#                         localhost or 127.0.0.1 is spoken to over plain HTTP, as docker does
#   --kind CLUSTER        load the image into the kind cluster CLUSTER
#   --platform PLATFORMS  e.g. linux/amd64,linux/arm64 (docker buildx; needs --push, a multi-arch image cannot be loaded)
#   --agent-binary FILE   without docker: use this Native AOT agent of this commit instead of publishing one (several
#                         minutes); also SECRETSKIT_AGENT_BINARY
# Without docker and without --push or --kind, the OCI layout is left in artifacts/secretskit-agent-image.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repository=ghcr.io/secretskit/secretskit-agent
push=false kind="" platform="" agent="${SECRETSKIT_AGENT_BINARY:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --repository) repository="${2:?--repository needs a value}"; shift 2 ;;
    --push) push=true; shift ;;
    --kind) kind="${2:?--kind needs a cluster name}"; shift 2 ;;
    --platform) platform="${2:?--platform needs a value}"; shift 2 ;;
    --agent-binary) agent="${2:?--agent-binary needs a file}"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "build-agent-image.sh: unknown argument '$1'; see --help" >&2; exit 1 ;;
  esac
done
case "$repository" in *[!A-Za-z0-9./:_-]*|'') echo "build-agent-image.sh: '$repository' is not an image repository name" >&2; exit 1 ;; esac
# the chart's appVersion is the image tag its image.tag defaults to
tag="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$root/deploy/charts/secretskit-agent/Chart.yaml")"
[ -n "$tag" ] || { echo "build-agent-image.sh: no appVersion in deploy/charts/secretskit-agent/Chart.yaml" >&2; exit 1; }
image="$repository:$tag"

# docker only where a daemon answers (a docker client alone cannot build)
if command -v docker > /dev/null && docker info > /dev/null 2>&1; then
  if [ -n "$platform" ]; then
    [ "$push" = true ] || { echo "build-agent-image.sh: --platform builds a multi-arch image, which must be pushed (--push)" >&2; exit 1; }
    docker buildx build -f "$root/deploy/Dockerfile" --platform "$platform" -t "$image" --push "$root"
  else
    DOCKER_BUILDKIT=1 docker build -f "$root/deploy/Dockerfile" -t "$image" "$root"
    docker run --rm "$image" --version
    if [ "$push" = true ]; then docker push "$image"; fi
  fi
  if [ -n "$kind" ]; then kind load docker-image "$image" --name "$kind"; fi
else
  case "$platform" in ''|linux/amd64) ;; *) echo "build-agent-image.sh: without docker only linux/amd64 is built (this machine's), not '$platform'" >&2; exit 1 ;; esac
  for tool in umoci skopeo apt-get dpkg-deb; do
    command -v "$tool" > /dev/null || { echo "build-agent-image.sh: neither docker nor $tool is installed (scripts/setup.sh installs umoci and skopeo)" >&2; exit 1; }
  done
  export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2> /dev/null || date +%s)}"
  work="$(mktemp -d "${TMPDIR:-/tmp}/secretskit-image.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  if [ -z "$agent" ]; then
    echo "build-agent-image.sh: Native AOT publish of src/SecretsKit.Agent (several minutes on 2 cores)..." >&2
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$root/src/SecretsKit.Agent/SecretsKit.Agent.csproj" \
      -c Release -r linux-x64 -nologo -v:q -p:PublishAot=true -p:TrimmerSingleWarn=false -p:DebugType=none \
      -p:InvariantGlobalization=true --artifacts-path "$work/agent-build" -o "$work/agent" > "$work/agent.log" 2>&1 \
      || { tail -n 30 "$work/agent.log" >&2; echo "build-agent-image.sh: the agent's AOT publish failed" >&2; exit 1; }
    agent="$work/agent/secretskit-agent"
  fi
  [ -x "$agent" ] || { echo "build-agent-image.sh: no agent executable at $agent" >&2; exit 1; }
  "$agent" --version > /dev/null || { echo "build-agent-image.sh: $agent --version failed" >&2; exit 1; }
  bash "$root/scripts/release/rootfs.sh" "$work/rootfs" "${SECRETSKIT_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secretskit/debs}" > /dev/null
  layout="$work/layout"
  [ "$push" = true ] || [ -n "$kind" ] || { mkdir -p "$root/artifacts"; layout="$root/artifacts/secretskit-agent-image"; }
  bash "$root/scripts/release/image.sh" "$layout" "$tag" "$work/rootfs" "$agent"
  if [ "$push" = true ]; then
    tls=()
    case "$repository" in localhost/*|localhost:*|127.0.0.1/*|127.0.0.1:*) tls=(--dest-tls-verify=false) ;; esac
    skopeo copy --quiet "${tls[@]}" "oci:$layout:$tag" "docker://$image"
  fi
  if [ -n "$kind" ]; then
    skopeo copy --quiet "oci:$layout:$tag" "docker-archive:$work/image.tar:$image"
    kind load image-archive "$work/image.tar" --name "$kind"
  fi
  [ "$push" = true ] || [ -n "$kind" ] || echo "OCI layout: $layout (tag $tag)"
fi
echo "built $image; install with:"
echo "  helm install secretskit-agent deploy/charts/secretskit-agent -n secretskit --create-namespace --set image.repository=$repository"
