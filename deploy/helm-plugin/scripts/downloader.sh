#!/bin/sh
# helm getter protocol: $1 cert file, $2 key file, $3 CA file, $4 the full URL (secrets://path).
# Plaintext goes to stdout; nothing is written to disk.
exec secretskit downloader "$@"
