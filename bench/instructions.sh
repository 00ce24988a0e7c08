#!/usr/bin/env bash
# Instructions executed by a cold native run (valgrind's callgrind, `Ir`), the load-independent twin of bench/lean.sh's
# wall-clock pairs: on this shared 2-core VM a wall-clock ratio against `age -d` is only meaningful at load < 1, while
# an instruction count is the same at load 30, so a start-up regression shows the day it lands whatever the machine
# is doing. `age -d` cannot be counted this way (Go's runtime stops on an instruction valgrind 3.19 does not decode),
# so the pair with age stays in bench/lean.sh; this script counts the lean CLI against bench/Hello (the runtime floor)
# and prints where a decrypt's instructions go.
#
#   bench/instructions.sh [BIN_DIR] [--top N]
# BIN_DIR (default bench/out/aot) holds secretskit (and secretskit.dbg for symbols), hello, and optionally
# secretskit-full, as bench/aot/publish.sh or a publish of src/SecretsKit.Cli.Lean and bench/Hello leaves them.
# The binaries are copied to a temporary folder first: valgrind's debug-info reader gives up on the separate .dbg files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/bench/out/aot"; top=12
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top="$2"; shift 2 ;;
    *) bin="$1"; shift ;;
  esac
done
command -v valgrind > /dev/null || { echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2; exit 1; }
[ -x "$bin/secretskit" ] && [ -x "$bin/hello" ] || { echo "no secretskit and hello in $bin: run bench/aot/publish.sh first" >&2; exit 1; }
key="$root/examples/keys/age-example.txt"
recipient=age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$bin/secretskit" "$bin/hello" "$work/"
[ -x "$bin/secretskit-full" ] && cp "$bin/secretskit-full" "$work/"
python3 "$root/bench/gen_workloads.py" "$work" 10 1 > /dev/null
SOPS_AGE_KEY_FILE="$key" "$work/secretskit" encrypt --age "$recipient" "$work/typical.yaml" > "$work/enc.typical.yaml"

count() { # name, command...: prints "Ir faults": the Ir total (the profile stays in $work/$name.out) and the median
  # minor page faults of 15 runs outside valgrind (the pages a start touches; on a VM each costs far more than an instruction)
  local name="$1"; shift
  SOPS_AGE_KEY_FILE="$key" valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" > /dev/null 2> "$work/$name.err"
  local ir; ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/$name.err")
  echo "$ir $(SOPS_AGE_KEY_FILE="$key" python3 -c '
import os, statistics, subprocess, sys
faults = []
for _ in range(15):
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(sys.argv[1:], stdout=null, stderr=null)
        faults.append(os.wait4(p.pid, 0)[2].ru_minflt)
print(int(statistics.median(faults)))' "$@")"
}
echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$root" rev-parse --short HEAD)"
echo
hello=$(count hello "$work/hello")
rows=("bench/Hello, native|$hello")
rows+=("lean \`secretskit --version\`|$(count version "$work/secretskit" --version)")
rows+=("lean \`secretskit decrypt\` (50 keys, age)|$(count decrypt "$work/secretskit" decrypt "$work/enc.typical.yaml")")
[ -x "$work/secretskit-full" ] && rows+=("\`secretskit-full decrypt\`|$(count full "$work/secretskit-full" decrypt "$work/enc.typical.yaml")")
echo "| run | instructions (Ir) | × bench/Hello | minor page faults (median of 15) |"
echo "|---|---:|---:|---:|"
for row in "${rows[@]}"; do
  read -r ir faults <<< "${row#*|}"
  python3 -c "import sys; print(f'| {sys.argv[1]} | {int(sys.argv[2]):,} | {int(sys.argv[2]) / int(sys.argv[3]):.2f} | {sys.argv[4]} |')" "${row%%|*}" "$ir" "${hello%% *}" "$faults"
done
if [ -f "$bin/secretskit.dbg" ]; then
  echo
  echo "Where the decrypt's instructions go (inclusive, top $top below main; symbols from secretskit.dbg):"
  echo
  python3 - "$work/decrypt.out" "$bin/secretskit.dbg" "$top" <<'PY'
import re, subprocess, sys
profile, dbg, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
symbols = {}
for line in subprocess.run(["nm", "--defined-only", dbg], capture_output=True, text=True).stdout.splitlines():
    parts = line.split(" ", 2)
    if len(parts) == 3:
        symbols[int(parts[0], 16)] = parts[2]
out = subprocess.run(["callgrind_annotate", "--inclusive=yes", profile], capture_output=True, text=True).stdout
total, seen, rows = None, set(), []
for line in out.splitlines():
    m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(.*)", line)
    if not m:
        continue
    ir, pct, what = int(m.group(1).replace(",", "")), m.group(2), m.group(3)
    if total is None:
        total = ir
        continue
    a = re.search(r"0x([0-9a-f]+)", what)
    name = symbols.get(int(a.group(1), 16), what) if a else what
    # the interesting layers: the project's code, the libraries it calls and the runtime's start-up, not the wrappers
    if name == "main" or re.search(r"AsyncMethodBuilderCore|MoveNext|Main|_start|libc-start|below main|ld-linux|DisplayClass|InvokeAsync|RhpInitial", name):
        continue
    if name in seen or len(rows) >= top:
        continue
    seen.add(name)
    rows.append((ir, pct, name[:110]))
print("| instructions | share | function |")
print("|---:|---:|---|")
for ir, pct, name in rows:
    print(f"| {ir:,} | {pct} % | `{name}` |")
PY
fi
