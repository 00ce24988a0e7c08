#!/bin/sh
# helm getter protocol: $1 cert file, $2 key file, $3 CA file, $4 the URL (secrets://…, secrets+age-import://…, …).
# Plaintext goes to stdout; nothing decrypted is written to disk.
exec secretskit helm-secrets -- downloader "$@"
