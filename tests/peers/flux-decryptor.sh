#!/usr/bin/env bash
# Peer check of `secretskit release render --secrets-as sops-secret` against Flux's kustomize-controller v1.9.4: its own
# rules for the resources it decrypts, taken from internal/decryptor/decryptor.go of that tag (fetched into the
# git-ignored .tools/flux-decryptor, never copied into this repository): IsEncryptedSecret (a v1 Secret with a top-level
# sops key), isSOPSEncryptedResource (a sops block with a MAC: what DecryptResource decrypts) and maxEncryptedFileSize.
# The functions are compiled as they are, with small stand-ins for the two types they take (apimachinery's Unstructured,
# kustomize's Resource), and FluxDecryptorPeerTests runs them over rendered files and negative controls.
#
#   tests/peers/flux-decryptor.sh
#
# Source: $KUSTOMIZE_CONTROLLER_GIT_DIR (a bare clone or mirror), else a clone of $KUSTOMIZE_CONTROLLER_REPO (default
# https://github.com/fluxcd/kustomize-controller.git) made once into .tools. The tag must resolve to 1324b615 (v1.9.4).
# Needs go (any 1.18+: the program uses only the standard library).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=v1.9.4
commit=1324b615da01038e2859cbcde604bd5434f21933
work="$root/.tools/flux-decryptor"

git_dir="${KUSTOMIZE_CONTROLLER_GIT_DIR:-}"
if [ -z "$git_dir" ]; then
  git_dir="$root/.tools/kustomize-controller.git"
  [ -d "$git_dir" ] || git clone -q --bare "${KUSTOMIZE_CONTROLLER_REPO:-https://github.com/fluxcd/kustomize-controller.git}" "$git_dir"
fi
got="$(git --git-dir "$git_dir" rev-parse "$tag^{commit}")"
[ "$got" = "$commit" ] || { echo "flux-decryptor: $tag in $git_dir is $got, expected $commit" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/peer/unstructured" "$work/peer/resource"
git --git-dir "$git_dir" show "$commit:internal/decryptor/decryptor.go" > "$work/decryptor.go"
{
  echo "package main"
  echo
  echo 'import ('
  echo '  "fluxpeer/resource"'
  echo '  "fluxpeer/unstructured"'
  echo ')'
  echo
  echo "const $(grep -E '^\s*maxEncryptedFileSize int64 = ' "$work/decryptor.go" | sed 's/^[[:space:]]*//')"
  echo
  sed -n '/^func IsEncryptedSecret(/,/^}/p' "$work/decryptor.go"
  echo
  sed -n '/^func isSOPSEncryptedResource(/,/^}/p' "$work/decryptor.go"
} > "$work/peer/rules.go"
grep -q 'func IsEncryptedSecret' "$work/peer/rules.go" && grep -q 'func isSOPSEncryptedResource' "$work/peer/rules.go" \
  || { echo "flux-decryptor: the functions were not found in $tag's decryptor.go" >&2; exit 1; }

cat > "$work/peer/go.mod" <<'GO'
module fluxpeer

go 1.18
GO
# Stand-ins for the two types the functions take, with the behaviour they use: apimachinery's Unstructured (GetKind,
# GetAPIVersion: the string at that key, else ""; NestedFieldNoCopy: found when the key is present) and kustomize's
# Resource (Field: the map entry; MapNode.IsNilOrEmpty: no entry, or a null, an empty map or an empty list).
cat > "$work/peer/unstructured/unstructured.go" <<'GO'
package unstructured

type Unstructured struct{ Object map[string]interface{} }

func (u *Unstructured) GetKind() string       { s, _ := u.Object["kind"].(string); return s }
func (u *Unstructured) GetAPIVersion() string { s, _ := u.Object["apiVersion"].(string); return s }

func NestedFieldNoCopy(obj map[string]interface{}, fields ...string) (interface{}, bool, error) {
	var val interface{} = obj
	for _, field := range fields {
		m, ok := val.(map[string]interface{})
		if !ok {
			return nil, false, nil
		}
		if val, ok = m[field]; !ok {
			return nil, false, nil
		}
	}
	return val, true, nil
}
GO
cat > "$work/peer/resource/resource.go" <<'GO'
package resource

type RNode struct{ v interface{} }

type MapNode struct{ Value *RNode }

type Resource struct{ RNode }

func New(object map[string]interface{}) *Resource { return &Resource{RNode{object}} }

func (r *RNode) Field(name string) *MapNode {
	m, ok := r.v.(map[string]interface{})
	if !ok {
		return nil
	}
	child, ok := m[name]
	if !ok {
		return nil
	}
	return &MapNode{Value: &RNode{child}}
}

func (m *MapNode) IsNilOrEmpty() bool {
	if m == nil || m.Value == nil || m.Value.v == nil {
		return true
	}
	switch v := m.Value.v.(type) {
	case map[string]interface{}:
		return len(v) == 0
	case []interface{}:
		return len(v) == 0
	}
	return false
}
GO
cat > "$work/peer/main.go" <<'GO'
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"fluxpeer/resource"
	"fluxpeer/unstructured"
)

// One line per JSON file given: its name, IsEncryptedSecret, isSOPSEncryptedResource, and the file's size against
// maxEncryptedFileSize; first a line with the limit itself.
func main() {
	fmt.Printf("maxEncryptedFileSize %d\n", maxEncryptedFileSize)
	for _, file := range os.Args[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			panic(err)
		}
		var object map[string]interface{}
		if err := json.Unmarshal(data, &object); err != nil {
			panic(err)
		}
		u := &unstructured.Unstructured{Object: object}
		fmt.Printf("%s %t %t %t\n", file, IsEncryptedSecret(u), isSOPSEncryptedResource(resource.New(object)), int64(len(data)) <= maxEncryptedFileSize)
	}
}
GO
(cd "$work/peer" && GOFLAGS= GO111MODULE=on go build -o "$work/flux-rules" .)
echo "flux-decryptor: built kustomize-controller $tag's rules into $work/flux-rules" >&2

[ -x "$root/.tools/helm/3.10.1/helm" ] || bash "$root/scripts/setup.sh"
[ -n "${FLUX_PEER_NO_BUILD:-}" ] || dotnet build "$root/tests/SecretsKit.Cli.Tests" -c Release -nologo -v:q >&2
SECRETSKIT_FLUX_RULES="$work/flux-rules" dotnet test "$root/tests/SecretsKit.Cli.Tests" -c Release --no-build -nologo \
  --filter "FullyQualifiedName~FluxDecryptorPeerTests" --logger "console;verbosity=normal" 2>&1 | tee "$work/result.txt" \
  | grep -E "^\s+(Passed|Failed|Skipped) |Total tests|Passed:|Failed:|Skipped:" || true
grep -Eq "Passed: +1\b|Passed!.*Passed: +1," "$work/result.txt" && ! grep -Eq "Failed: +[1-9]|Skipped: +[1-9]" "$work/result.txt" \
  || { echo "flux-decryptor: FAILED (see $work/result.txt)" >&2; exit 1; }
echo "flux-decryptor: every sops-secret document passes kustomize-controller $tag's own IsEncryptedSecret, isSOPSEncryptedResource and size limit"
