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
if [ "${#need[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${need[*]}" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v dotnet >/dev/null 2>&1 || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
