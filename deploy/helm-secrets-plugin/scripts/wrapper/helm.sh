#!/bin/sh
# A `helm` replacement for places that run plain helm but need the wrapper (Argo CD multi-source apps): put this
# script first on PATH as `helm`, point HELM_SECRETS_HELM_PATH at the real helm binary and set
# HELM_SECRETS_WRAPPER_ENABLED=true. install/upgrade/template/lint/diff then run as `helm secrets <cmd> …` (value files
# decrypted for the call); every other command, and everything when the variable is not true, goes to helm unchanged.
set -eu
real="${HELM_SECRETS_HELM_PATH:?HELM_SECRETS_HELM_PATH must name the real helm binary}"
if [ "${HELM_SECRETS_WRAPPER_ENABLED:-false}" = "true" ]; then
  case "${1:-}" in
    install|upgrade|template|lint|diff) exec "$real" secrets "$@" ;;
  esac
fi
exec "$real" "$@"
