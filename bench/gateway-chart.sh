#!/usr/bin/env bash
# Builds the Gateway API-heavy chart that the validate bench (`SecretsKit.Bench -- --validate`) measures besides the
# agent chart: Gateway API v1.6.1's standard-channel CRDs in crds/ (HTTPRoute alone carries 178 CEL rules in
# x-kubernetes-validations) and templates rendering a GatewayClass, a Gateway of four listeners and ROUTES HTTPRoutes
# (default 50), each of three rules with path, header, method and query matches, a header filter, a URL rewrite and
# weighted backends, so that validating the rendering evaluates the CRDs' CEL rules on every route. The CRDs are
# Gateway API's, fetched at the pinned tag into the git-ignored .tools/gateway-bench (never copied into this repository).
#
#   bench/gateway-chart.sh [ROUTES]      prints the chart's directory
#
# Source of gateway-api (first that exists): $GATEWAY_API_GIT_DIR (a bare clone or mirror), else the mirror the tools
# of this project's sessions keep in /work/.mirror/kubernetes-sigs+gateway-api/repo, else a clone of $GATEWAY_API_REPO
# (default https://github.com/kubernetes-sigs/gateway-api.git) made once into .tools. The tag must resolve to 8bb74df.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag=v1.6.1
commit=8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3
routes="${1:-50}"
out="$root/.tools/gateway-bench/chart"

git_dir="${GATEWAY_API_GIT_DIR:-}"
if [ -z "$git_dir" ] && [ -d /work/.mirror/kubernetes-sigs+gateway-api/repo ]; then git_dir=/work/.mirror/kubernetes-sigs+gateway-api/repo; fi
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/gateway-api.git"
  [ -d "$git_dir" ] || git clone -q --bare "${GATEWAY_API_REPO:-https://github.com/kubernetes-sigs/gateway-api.git}" "$git_dir"
fi
resolved="$(git --git-dir="$git_dir" rev-parse "$tag^{commit}")"
[ "$resolved" = "$commit" ] || { echo "gateway-api $tag is $resolved, expected $commit" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/crds" "$out/templates"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
git --git-dir="$git_dir" archive "$commit" config/crd/standard | tar -x -C "$tmp"
for crd in "$tmp"/config/crd/standard/gateway.networking.k8s.io_*.yaml; do
  case "$crd" in *_vap_*) continue ;; esac   # a ValidatingAdmissionPolicy, not a CRD
  cp "$crd" "$out/crds/"
done

cat > "$out/Chart.yaml" <<'YAML'
apiVersion: v2
name: gateway-bench
version: 0.1.0
YAML
echo "routes: $routes" > "$out/values.yaml"
cat > "$out/templates/gateway.yaml" <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: {{ .Release.Name }}
spec:
  controllerName: example.com/gateway-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: {{ .Release.Name }}
spec:
  gatewayClassName: {{ .Release.Name }}
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      allowedRoutes:
        namespaces:
          from: Same
    - name: https
      protocol: HTTPS
      port: 443
      hostname: "*.example.com"
      tls:
        mode: Terminate
        certificateRefs:
          - name: wildcard-cert
    - name: admin
      protocol: HTTPS
      port: 8443
      hostname: admin.example.com
      tls:
        certificateRefs:
          - name: admin-cert
    - name: tcp
      protocol: TCP
      port: 9000
YAML
cat > "$out/templates/routes.yaml" <<'YAML'
{{- range $i := until (int .Values.routes) }}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {{ $.Release.Name }}-route-{{ $i }}
spec:
  parentRefs:
    - name: {{ $.Release.Name }}
      sectionName: https
  hostnames:
    - app{{ $i }}.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api/v{{ $i }}
          headers:
            - name: x-tenant
              value: tenant-{{ $i }}
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set:
              - name: x-route
                value: route-{{ $i }}
        - type: URLRewrite
          urlRewrite:
            path:
              type: ReplacePrefixMatch
              replacePrefixMatch: /
      backendRefs:
        - name: api-{{ $i }}
          port: 8080
          weight: 90
        - name: api-canary-{{ $i }}
          port: 8080
          weight: 10
    - matches:
        - path:
            type: PathPrefix
            value: /static
      backendRefs:
        - name: static
          port: 80
    - matches:
        - path:
            type: Exact
            value: /healthz
        - method: GET
          queryParams:
            - name: probe
              value: "true"
      backendRefs:
        - name: api-{{ $i }}
          port: 8080
{{- end }}
YAML
echo "$out"
