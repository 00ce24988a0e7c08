#!/usr/bin/env python3
"""Generates the plaintext workloads for bench/run.sh (deterministic, no secrets: made-up values only).

usage: gen_workloads.py OUTDIR BIG_VALUES REPO_FILES
"""
import json
import os
import sys

out, big_values, repo_files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(os.path.join(out, "repo"), exist_ok=True)


def value(i):
    return "s3cr3t-%08x-%s" % ((i * 2654435761) & 0xFFFFFFFF, "x" * 60)


def typical_yaml():
    """About 50 keys: nested maps, lists and comments, like a Helm values file."""
    lines = ["# application secrets (benchmark workload)"]
    for s in range(5):
        lines.append("service%d:" % s)
        lines.append("    # rotated quarterly")
        lines.append("    host: db-%d.internal.example.com" % s)
        lines.append("    port: %d" % (5432 + s))
        lines.append("    enabled: true")
        lines.append("    password: %s" % value(s))
        lines.append("    token: tok_%s" % value(s * 7))
        lines.append("    replicas:")
        for r in range(3):
            lines.append("        - replica-%d-%d" % (s, r))
        lines.append("    user: svc_%d" % s)
    return "\n".join(lines) + "\n"


def big_yaml(n):
    lines = ["# big benchmark document"]
    for s in range(n // 10):
        lines.append("section%06d:" % s)
        for k in range(10):
            lines.append("    key%d: %s" % (k, value(s * 10 + k)))
    return "\n".join(lines) + "\n"


def big_json(n):
    doc = {"section%06d" % s: {"key%d" % k: value(s * 10 + k) for k in range(10)} for s in range(n // 10)}
    return json.dumps(doc, indent=4) + "\n"


def big_dotenv(n):
    return "".join("KEY_%06d=%s\n" % (i, value(i)) for i in range(n))


def write(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)


write("typical.yaml", typical_yaml())
write("big.yaml", big_yaml(big_values))
write("big.json", big_json(big_values))
write("big.env", big_dotenv(big_values))
for i in range(repo_files):
    write(os.path.join("repo", "values-%03d.yaml" % i), typical_yaml())
