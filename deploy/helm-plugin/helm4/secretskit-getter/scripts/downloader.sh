#!/bin/sh
# Helm 4 getter/v1: $1 cert file, $2 key file, $3 CA file (empty for -f value files), $4 the URL (secrets://path).
# Plaintext goes to stdout; nothing is written to disk.
exec secretskit downloader "$@"
