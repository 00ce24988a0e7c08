#!/usr/bin/env bash
# The agent image's base root filesystem, assembled from Debian's own packages without running any of their scripts:
# `apt-get download` (the machine's configured Debian sources, at the candidate versions) and `dpkg-deb -x`.
#   libc6, libgcc-s1   what the native AOT agent links against (glibc, the unwinder)
#   libssl3            OpenSSL 3, which .NET loads for TLS and crypto
#   ca-certificates    Mozilla's CA certificates; their bundle, /etc/ssl/certs/ca-certificates.crt, is written here the
#                      way update-ca-certificates would (the package's postinst is not run)
# plus /etc/passwd and /etc/group with the non-root user 65532 (nonroot), /tmp (1777), and
# /var/lib/dpkg/status.d/<package> (each package's control fields, which image scanners read). Documentation, manual
# pages, locales and the gconv modules are dropped (copyright files are kept).
#   scripts/release/rootfs.sh ROOTFS_DIR [DEB_CACHE_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
rootfs="${1:?usage: rootfs.sh ROOTFS_DIR [DEB_CACHE_DIR]}"
debs="${2:-$(mktemp -d "${TMPDIR:-/tmp}/release-debs.XXXXXX")}"
packages=(libc6 libgcc-s1 libssl3 ca-certificates)
command -v apt-get > /dev/null && command -v dpkg-deb > /dev/null || die "apt-get and dpkg-deb are needed (a Debian machine)"
mkdir -p "$debs" "$rootfs"
versions=()
for p in "${packages[@]}"; do
  v="$(apt-cache policy "$p" | sed -n 's/^ *Candidate: *//p')"
  [ -n "$v" ] && [ "$v" != "(none)" ] || die "Debian package $p has no candidate version (run apt-get update)"
  versions+=("$p=$v")
done
# only what is not in the cache yet is downloaded (a .deb's name carries its version)
(cd "$debs" && for pv in "${versions[@]}"; do
  p="${pv%%=*}" v="${pv#*=}"
  ls "${p}_${v//:/%3a}_"*.deb > /dev/null 2>&1 || apt-get download -q -o APT::Sandbox::User=root "$pv" > /dev/null || exit 1
done) || die "apt-get download failed for ${versions[*]}"
mkdir -p "$rootfs/var/lib/dpkg/status.d"
for pv in "${versions[@]}"; do
  p="${pv%%=*}" v="${pv#*=}"
  deb="$(ls "$debs/${p}_${v//:/%3a}_"*.deb | head -n 1)"
  dpkg-deb -x "$deb" "$rootfs"
  dpkg-deb -f "$deb" > "$rootfs/var/lib/dpkg/status.d/$p"
done

# what the agent never uses: documentation (the copyright files stay), manual pages, locales, iconv modules, the tools
find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/locale" "$rootfs/usr/share/lintian" "$rootfs/usr/share/i18n" \
  "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/usr/lib/aarch64-linux-gnu/gconv" "$rootfs/usr/bin" "$rootfs/usr/sbin" \
  "$rootfs/sbin" "$rootfs/usr/libexec" "$rootfs/etc/ld.so.conf.d"

# The CA bundle, as update-ca-certificates writes it: every certificate in name order, each ending with a newline,
# and the per-certificate files under /etc/ssl/certs that OpenSSL's directory lookup uses.
mkdir -p "$rootfs/etc/ssl/certs"
: > "$rootfs/etc/ssl/certs/ca-certificates.crt"
while IFS= read -r crt; do
  cat "$rootfs/usr/share/ca-certificates/$crt" >> "$rootfs/etc/ssl/certs/ca-certificates.crt"
  [ -z "$(tail -c 1 "$rootfs/usr/share/ca-certificates/$crt")" ] || echo >> "$rootfs/etc/ssl/certs/ca-certificates.crt"
done < <(cd "$rootfs/usr/share/ca-certificates" && find . -name '*.crt' -type f | sed 's|^\./||' | LC_ALL=C sort)
[ -s "$rootfs/etc/ssl/certs/ca-certificates.crt" ] || die "no CA certificates in the ca-certificates package"

# the non-root user (uid/gid 65532, as distroless and chiseled images name it), a writable /tmp
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/nonroot"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
chmod 0755 "$rootfs/home/nonroot"
chmod -R go-w "$rootfs"
chmod 1777 "$rootfs/tmp"
printf '%s\n' "${versions[@]}"
