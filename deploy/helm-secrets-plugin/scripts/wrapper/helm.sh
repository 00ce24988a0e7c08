#!/bin/sh
# A `helm` replacement for places that run plain helm but need the wrapper (Argo CD multi-source apps), as
# helm-secrets' scripts/wrapper/helm.sh: put it first on PATH as `helm` (or symlink it), set
# HELM_SECRETS_WRAPPER_ENABLED=true, and name the real helm in HELM_SECRETS_HELM_PATH (else HELM_BIN, else `helm`
# from PATH). install/upgrade/template/lint/diff then run as `helm secrets <cmd> …` (value files decrypted for the
# call); every other command, and everything when the variable is not true, goes to helm unchanged.
real="${HELM_SECRETS_HELM_PATH:-${HELM_BIN:-helm}}"
# `helm` found on PATH may be this very script: refuse instead of calling ourselves forever.
if [ "$(command -v "$real" 2>/dev/null)" = "$(command -v "$0" 2>/dev/null)" ]; then
  echo "[helm-secrets] HELM_SECRETS_HELM_PATH must name the real helm binary, not this wrapper ($0)" >&2
  exit 1
fi
if [ "${HELM_SECRETS_WRAPPER_ENABLED:-}" = "true" ]; then
  case "${1:-}" in
    install|upgrade|template|lint|diff) exec "$real" secrets "$@" ;;
  esac
fi
exec "$real" "$@"
