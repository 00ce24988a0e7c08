@echo off
rem Helm 4 getter/v1 on Windows: certFile keyFile caFile URL; plaintext to stdout.
secretskit.exe downloader %*
