#!/usr/bin/env bash
# Builds the Go template oracle (tests/fixtures/go-template-oracle, our own Go program) offline from Debian packages:
# Go 1.23 (golang-1.23-go from bookworm-backports: helmfile and ESO are built with Go 1.23 or later, whose
# text/template has `else with`), golang-github-masterminds-sprig-dev (sprig 3.2.3), golang-gopkg-yaml.v3-dev
# (helmfile's YAML), golang-k8s-sigs-yaml-dev (ESO's toYaml/fromYaml), plus golang-1.23-src, whose
# text/template/exec_test.go the differential test reads cases from. The binaries go to .tools/go-template-oracle/
# (ignored); they are rebuilt when the oracle's source or the Go version changes. Called by scripts/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tests/fixtures/go-template-oracle"
out="$root/.tools/go-template-oracle"
gopath=/usr/share/gocode
go_version=1.23
go="/usr/lib/go-$go_version/bin/go"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=() backports=()
[ -x "$go" ] || backports+=("golang-$go_version-go")
[ -f "/usr/lib/go-$go_version/src/text/template/exec_test.go" ] || backports+=("golang-$go_version-src")
[ -f "$gopath/src/github.com/Masterminds/sprig/functions.go" ] || need+=(golang-github-masterminds-sprig-dev)
[ -f "$gopath/src/gopkg.in/yaml.v3/yaml.go" ] || need+=(golang-gopkg-yaml.v3-dev)
[ -f "$gopath/src/sigs.k8s.io/yaml/yaml.go" ] || need+=(golang-k8s-sigs-yaml-dev)
if [ "${#need[@]}" -gt 0 ] || [ "${#backports[@]}" -gt 0 ]; then
  # Go 1.23 is in Debian 12's backports only: add that suite (signed by Debian's archive key) when it is missing; only
  # the Go packages come from it, the libraries stay at bookworm's versions
  if [ "${#backports[@]}" -gt 0 ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
  fi
  echo "setup: installing ${backports[*]} ${need[*]} (the Go template oracle)" >&2
  $SUDO apt-get update -qq >/dev/null
  [ "${#backports[@]}" -eq 0 ] || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports "${backports[@]}" >/dev/null
  [ "${#need[@]}" -eq 0 ] || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
stamp="$(cat "$src"/*.go "$src"/extract/*.go 2>/dev/null | sha256sum | cut -c1-16)-$("$go" version | cut -d' ' -f3)"
if [ -x "$out/oracle" ] && [ -x "$out/extract" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
echo "setup: building the Go template oracle into .tools/go-template-oracle" >&2
mkdir -p "$out/cache"
export GO111MODULE=off GOPATH="$gopath" GOCACHE="$out/cache" GOFLAGS= CGO_ENABLED=0
(cd "$src" && "$go" build -o "$out/oracle.new" .) || { echo "setup: could not build the Go template oracle" >&2; exit 1; }
mv -f "$out/oracle.new" "$out/oracle"
if [ -d "$src/extract" ]; then
  (cd "$src/extract" && "$go" build -o "$out/extract.new" .) || { echo "setup: could not build the Go case extractor" >&2; exit 1; }
  mv -f "$out/extract.new" "$out/extract"
else
  : > "$out/extract" && chmod +x "$out/extract"
fi
echo "$stamp" > "$out/stamp"
