#!/usr/bin/env bash
# The agent image as an OCI image layout, built with umoci (no container daemon, no base image from a registry):
#   layer 1  the Debian root filesystem of scripts/release/rootfs.sh (glibc, OpenSSL 3, CA certificates, user 65532)
#   layer 2  /app/secretskit-agent, the native AOT agent
# config: user 65532:65532, entrypoint /app/secretskit-agent, the chart's default arguments, SSL_CERT_FILE naming the
# bundle; every time in it (created, history) is SOURCE_DATE_EPOCH, so the same inputs give the same digests.
#   scripts/release/image.sh LAYOUT_DIR TAG ROOTFS_DIR AGENT_BINARY
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
layout="${1:?usage: image.sh LAYOUT_DIR TAG ROOTFS_DIR AGENT_BINARY}" tag="${2:?}" rootfs="${3:?}" agent="${4:?}"
command -v umoci > /dev/null || die "umoci is not installed (apt-get install umoci; scripts/setup.sh does it)"
[ -x "$agent" ] || die "no agent executable at $agent"
[ -n "${SOURCE_DATE_EPOCH:-}" ] || die "SOURCE_DATE_EPOCH is not set"
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
work="$(mktemp -d "${TMPDIR:-/tmp}/release-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/app/app"
cp "$agent" "$work/app/app/secretskit-agent"
chmod 0755 "$work/app/app" "$work/app/app/secretskit-agent"
det_tar "$rootfs" "$work/base.tar"
det_tar "$work/app" "$work/app.tar"

rm -rf "$layout"
umoci init --layout "$layout"
umoci new --image "$layout:$tag"
umoci raw add-layer --image "$layout:$tag" --history.created "$created" --history.author "SecretsKit" \
  --history.created_by "scripts/release/rootfs.sh (Debian packages: $(cd "$rootfs/var/lib/dpkg/status.d" && LC_ALL=C ls | tr '\n' ' ' | sed 's/ $//'))" \
  "$work/base.tar"
umoci raw add-layer --image "$layout:$tag" --history.created "$created" --history.author "SecretsKit" \
  --history.created_by "scripts/release/image.sh (/app/secretskit-agent, native AOT)" "$work/app.tar"
umoci config --image "$layout:$tag" --created "$created" --author "SecretsKit" --os linux --architecture amd64 \
  --history.created "$created" --history.author "SecretsKit" --history.created_by "scripts/release/image.sh (config)" \
  --config.user 65532:65532 --config.workingdir /app \
  --config.entrypoint /app/secretskit-agent \
  --config.cmd=--controller-class --config.cmd=secretskit --config.cmd=--metrics-port --config.cmd=8080 \
  --config.exposedports 8080/tcp \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt --config.env SSL_CERT_DIR=/etc/ssl/certs \
  --config.env DOTNET_EnableDiagnostics=0 --config.env TMPDIR=/tmp \
  --config.label "org.opencontainers.image.title=secretskit-agent" \
  --config.label "org.opencontainers.image.version=$tag" \
  --config.label "org.opencontainers.image.created=$created" \
  --manifest.annotation "org.opencontainers.image.version=$tag" \
  --manifest.annotation "org.opencontainers.image.created=$created"
umoci gc --layout "$layout"
# the layout's files carry the build's time; the tar of OUTDIR does not matter, but keep them uniform
find "$layout" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
