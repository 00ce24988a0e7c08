#!/usr/bin/env bash
# Builds every artifact a user installs into OUTDIR (see docs/install.md):
#   secretskit-agent-image/           the agent image, an OCI image layout tagged with the chart's appVersion (umoci, no
#                                     daemon: a Debian root filesystem from .debs + the native AOT agent, user 65532)
#   secretskit-agent-<version>.tgz    the chart; its default image is <--repository>:<appVersion>, the image above
#   helm-plugins/*.tgz (+ .prov)      the six Helm 4 plugins and the two Helm 3 plugins, signed with --sign-key
#   SecretsKit.<version>.nupkg        the dotnet tool (+ its SecretsKit.linux-x64 and SecretsKit.any packages), by
#                                     scripts/pack.sh; the native linux-x64 one ships the lean `secretskit` and
#                                     `secretskit-full` (issue #47)
#   SHA256SUMS (+ SHA256SUMS.asc)     every file above; the .asc is a detached gpg signature with --sign-key
# Reproducible: SOURCE_DATE_EPOCH is the commit's time (unless set), every tar is sorted with fixed times and owners,
# gzip writes no name or time, signatures carry a fixed time. What can still differ between two runs, and why:
# docs/install.md ("Reproducible").
#
#   scripts/release.sh OUTDIR [--sign-key KEYID] [--repository REPO] [--agent-binary FILE] [--nupkg-dir DIR]
#
#   --sign-key KEYID      gpg key (in GNUPGHOME) that signs the plugin .prov files and SHA256SUMS.asc; without it the
#                         plugins have no .prov, and Helm 4 installs them only with --verify=false
#   --repository REPO     the chart's default image repository (default: the chart's values.yaml, the image's home)
#   --agent-binary FILE   use this native agent instead of publishing one (it must be this commit's AOT build)
#   --nupkg-dir DIR       copy SecretsKit*.<version>.nupkg from DIR instead of running scripts/pack.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=release/lib.sh
. "$root/scripts/release/lib.sh"
out="" key="" repository="" agent="" nupkgs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sign-key) key="${2:?--sign-key needs a KEYID}"; shift 2 ;;
    --repository) repository="${2:?--repository needs a value}"; shift 2 ;;
    --agent-binary) agent="${2:?--agent-binary needs a file}"; shift 2 ;;
    --nupkg-dir) nupkgs="${2:?--nupkg-dir needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) die "unknown option '$1'; see --help" ;;
    *) [ -z "$out" ] || die "one OUTDIR only ('$out', then '$1')"; out="$1"; shift ;;
  esac
done
[ -n "$out" ] || die "usage: scripts/release.sh OUTDIR [--sign-key KEYID] [--repository REPO]; see --help"
case "$repository" in *[!A-Za-z0-9./:_-]*) die "--repository '$repository' is not an image repository name" ;; esac
mkdir -p "$out" && out="$(cd "$out" && pwd)"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2> /dev/null || date +%s)}"
# NuGet (7.9+) takes its zip entries' times from DeterministicTimestamp (or SOURCE_DATE_EPOCH) in deterministic mode
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DeterministicTimestamp="$SOURCE_DATE_EPOCH"
chart_src="$root/deploy/charts/secretskit-agent"
app_version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$chart_src/Chart.yaml")"
chart_version="$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$chart_src/Chart.yaml")"
tool_version="$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$root/Directory.Build.props" | head -n 1)"
[ -n "$app_version" ] && [ -n "$chart_version" ] && [ -n "$tool_version" ] || die "no version in Chart.yaml or Directory.Build.props"
helm="${HELM:-}"
[ -n "$helm" ] || { [ -x "$root/.tools/helm/3.10.1/helm" ] && helm="$root/.tools/helm/3.10.1/helm"; } || helm="$(command -v helm || true)"
[ -n "$helm" ] || die "no helm (run scripts/setup.sh, or set HELM)"
for tool in umoci apt-get dpkg-deb gzip tar sha256sum; do
  command -v "$tool" > /dev/null || die "$tool is not installed (scripts/setup.sh installs what release.sh needs)"
done
# a wrong key fails now, not after the long builds
if [ -n "$key" ]; then
  command -v gpg > /dev/null || die "gpg is not installed; it signs with --sign-key"
  gpg --batch --list-secret-keys -- "$key" > /dev/null 2>&1 || die "no secret key '$key' in the gpg keyring (${GNUPGHOME:-~/.gnupg})"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/secretskit-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -rf "$out/secretskit-agent-image" "$out/helm-plugins" "$out"/secretskit-agent-*.tgz "$out"/SecretsKit*.nupkg "$out"/SHA256SUMS*
progress 0/6 "release of $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo 'an unknown commit') into $out (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"

# 1. the native agent
if [ -n "$agent" ]; then
  [ -x "$agent" ] || die "--agent-binary $agent is not an executable"
  progress 1/6 "native agent: using $agent"
else
  progress 1/6 "native agent: Native AOT publish of src/SecretsKit.Agent (several minutes on 2 cores)..."
  dotnet publish "$root/src/SecretsKit.Agent/SecretsKit.Agent.csproj" -c Release -r linux-x64 -nologo -v:q \
    -p:PublishAot=true -p:TrimmerSingleWarn=false -p:DebugType=none -p:InvariantGlobalization=true \
    --artifacts-path "$work/agent-build" -o "$work/agent" > "$work/agent.log" 2>&1 \
    || { tail -n 30 "$work/agent.log" >&2; die "the agent's AOT publish failed"; }
  agent="$work/agent/secretskit-agent"
fi
"$agent" --version > /dev/null || die "$agent --version failed"

# 2. the image
progress 2/6 "image: Debian root filesystem (apt-get download, dpkg-deb -x)..."
bash "$root/scripts/release/rootfs.sh" "$work/rootfs" "${SECRETSKIT_DEB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/secretskit/debs}" | sed 's/^/release:   /' >&2
progress 2/6 "image: OCI layout with umoci, tag $app_version..."
bash "$root/scripts/release/image.sh" "$out/secretskit-agent-image" "$app_version" "$work/rootfs" "$agent"
progress 2/6 "image: $(sed -n 's/.*"digest":"\(sha256:[0-9a-f]*\)".*/\1/p' "$out/secretskit-agent-image/index.json")"

# 3. the chart, its default image set to that image's repository
progress 3/6 "chart: helm package ($("$helm" version --short 2> /dev/null || echo helm))..."
cp -R "$chart_src" "$work/secretskit-agent"
if [ -n "$repository" ]; then
  # the first `repository:` under `image:` in values.yaml
  awk -v repo="$repository" '/^image:/ { in_image = 1 } /^[^ #]/ && !/^image:/ { in_image = 0 }
    in_image && !done && /^  repository:/ { print "  repository: " repo; done = 1; next } { print }' \
    "$chart_src/values.yaml" > "$work/secretskit-agent/values.yaml"
fi
"$helm" package "$work/secretskit-agent" -d "$work/chart" > /dev/null
normalise_tgz "$work/chart/secretskit-agent-$chart_version.tgz"
cp "$work/chart/secretskit-agent-$chart_version.tgz" "$out/"
progress 3/6 "chart: secretskit-agent-$chart_version.tgz, image $( "$helm" show values "$out/secretskit-agent-$chart_version.tgz" | awk '/^image:/ { i = 1 } i && /^  repository:/ { print $2; exit }'):$app_version"

# 4. the Helm plugins
progress 4/6 "helm plugins: tarballs${key:+ and .prov files signed by $key}..."
[ -n "$key" ] || echo "release: no --sign-key: the plugins get no .prov, and Helm 4 installs them only with --verify=false" >&2
bash "$root/scripts/release/plugins.sh" "$root" "$out/helm-plugins" "$key" | sed 's/^/release:   /' >&2

# 5. the dotnet tool
if [ -n "$nupkgs" ]; then
  progress 5/6 "dotnet tool: copying the packages from $nupkgs"
  cp "$nupkgs"/SecretsKit.*"$tool_version".nupkg "$out/" || die "no SecretsKit*.$tool_version.nupkg in $nupkgs"
else
  progress 5/6 "dotnet tool: scripts/pack.sh (the longest step)..."
  bash "$root/scripts/pack.sh" "$out" > /dev/null
fi
[ -f "$out/SecretsKit.$tool_version.nupkg" ] || die "no SecretsKit.$tool_version.nupkg in $out"

# 6. checksums
progress 6/6 "SHA256SUMS${key:+ and SHA256SUMS.asc}..."
(cd "$out" && find . -type f ! -name 'SHA256SUMS*' | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
if [ -n "$key" ]; then
  created="$(gpg --batch --with-colons --list-secret-keys -- "$key" | awk -F: '$1 == "sec" { print $6; exit }')"
  gpg --batch --yes --quiet --faked-system-time "$(( created > SOURCE_DATE_EPOCH ? created : SOURCE_DATE_EPOCH ))!" \
    --local-user "$key" --armor --detach-sign --output "$out/SHA256SUMS.asc" "$out/SHA256SUMS" 2> /dev/null \
    || die "gpg could not sign SHA256SUMS with key '$key'"
fi
find "$out" -type f -exec chmod a+r {} +
progress done "$(wc -l < "$out/SHA256SUMS") files in $out/SHA256SUMS"
