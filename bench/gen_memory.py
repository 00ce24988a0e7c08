#!/usr/bin/env python3
"""Generates the plaintext inputs of bench/memory.sh (deterministic, made-up values only).

usage: gen_memory.py OUTDIR BIG_MB KEY_COUNTS...
  OUTDIR/big.{yaml,json,env,ini,bin}   one value of BIG_MB MB (printable ASCII) in each format
  OUTDIR/keys-N.{yaml,json,env}        N flat keys `kN: vN`, for each N of KEY_COUNTS
"""
import os
import sys

out, big_mb, counts = sys.argv[1], int(sys.argv[2]), [int(n) for n in sys.argv[3:]]
os.makedirs(out, exist_ok=True)


def big_value(n):
    unit = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
    return (unit * (n // len(unit) + 1))[:n]


def write(name, text):
    with open(os.path.join(out, name), "w", encoding="ascii", newline="\n") as f:
        f.write(text)


v = big_value(big_mb * 1000 * 1000)
write("big.yaml", "big: " + v + "\n")
write("big.json", '{\n\t"big": "' + v + '"\n}\n')
write("big.env", "BIG=" + v + "\n")
write("big.ini", "[section]\nbig = " + v + "\n")
write("big.bin", v)
del v

for n in counts:
    write("keys-%d.yaml" % n, "".join("k%d: v%d\n" % (i, i) for i in range(n)))
    write("keys-%d.json" % n, "{\n" + ",\n".join('\t"k%d": "v%d"' % (i, i) for i in range(n)) + "\n}\n")
    write("keys-%d.env" % n, "".join("k%d=v%d\n" % (i, i) for i in range(n)))
