#!/usr/bin/env bash
# Builds the Go template oracle (tests/fixtures/go-template-oracle, our own Go program) offline from Debian packages:
# golang-go (Go 1.19) and golang-github-masterminds-sprig-dev (sprig 3.2.3), plus golang-1.19-src, whose
# text/template/exec_test.go the differential test reads cases from. The binaries go to .tools/go-template-oracle/
# (ignored); they are rebuilt when the oracle's source changes. Called by scripts/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tests/fixtures/go-template-oracle"
out="$root/.tools/go-template-oracle"
gopath=/usr/share/gocode
need=()
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -f "$gopath/src/github.com/Masterminds/sprig/functions.go" ] || need+=(golang-github-masterminds-sprig-dev)
[ -f /usr/lib/go-1.19/src/text/template/exec_test.go ] || need+=(golang-1.19-src)
if [ "${#need[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need[*]} (the Go template oracle)" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
stamp="$(cat "$src"/*.go "$src"/extract/*.go 2>/dev/null | sha256sum | cut -c1-16)-$(go version | cut -d' ' -f3)"
if [ -x "$out/oracle" ] && [ -x "$out/extract" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
echo "setup: building the Go template oracle into .tools/go-template-oracle" >&2
mkdir -p "$out/cache"
export GO111MODULE=off GOPATH="$gopath" GOCACHE="$out/cache" GOFLAGS= CGO_ENABLED=0
(cd "$src" && go build -o "$out/oracle.new" .) || { echo "setup: could not build the Go template oracle" >&2; exit 1; }
mv -f "$out/oracle.new" "$out/oracle"
if [ -d "$src/extract" ]; then
  (cd "$src/extract" && go build -o "$out/extract.new" .) || { echo "setup: could not build the Go case extractor" >&2; exit 1; }
  mv -f "$out/extract.new" "$out/extract"
else
  : > "$out/extract" && chmod +x "$out/extract"
fi
echo "$stamp" > "$out/stamp"
