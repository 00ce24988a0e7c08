#!/usr/bin/env bash
# Builds the YAML scalar oracle (tests/fixtures/yaml-scalars-oracle, our own Go program) offline from Debian packages:
# Go 1.23 (installed by scripts/go-template-oracle.sh), golang-gopkg-yaml.v2-dev (go-yaml v2, YAML 1.1),
# golang-gopkg-yaml.v3-dev (go-yaml v3, as sops reads YAML) and golang-k8s-sigs-yaml-dev (sigs.k8s.io/yaml, as kubectl
# and Helm read it). The binary goes to .tools/yaml-scalars-oracle/oracle (ignored); it is rebuilt when the program's
# source or the Go version changes ($YAML_SCALARS_ORACLE_DIR, when set, is used instead of that folder). Called by scripts/setup.sh; tests/peers/yaml-scalars.sh runs it over the table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tests/fixtures/yaml-scalars-oracle"
out="${YAML_SCALARS_ORACLE_DIR:-$root/.tools/yaml-scalars-oracle}"
gopath=/usr/share/gocode
go=/usr/lib/go-1.23/bin/go
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
[ -x "$go" ] || "$root/scripts/go-template-oracle.sh"
need=()
[ -f "$gopath/src/gopkg.in/yaml.v2/yaml.go" ] || need+=(golang-gopkg-yaml.v2-dev)
[ -f "$gopath/src/gopkg.in/yaml.v3/yaml.go" ] || need+=(golang-gopkg-yaml.v3-dev)
[ -f "$gopath/src/sigs.k8s.io/yaml/yaml.go" ] || need+=(golang-k8s-sigs-yaml-dev)
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing ${need[*]} (the YAML scalar oracle)" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
stamp="$(cat "$src"/*.go | sha256sum | cut -c1-16)-$("$go" version | cut -d' ' -f3)"
[ -x "$out/oracle" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ] && exit 0
echo "setup: building the YAML scalar oracle into $out" >&2
mkdir -p "$out/cache"
if ! (cd "$src" && GO111MODULE=off GOPATH="$gopath" GOCACHE="$out/cache" GOFLAGS= CGO_ENABLED=0 "$go" build -o "$out/oracle.new" .); then
  echo "setup: could not build the YAML scalar oracle" >&2
  exit 1
fi
mv -f "$out/oracle.new" "$out/oracle" && echo "$stamp" > "$out/stamp"
