#!/usr/bin/env bash
# Peak RSS of `secretskit encrypt` and `decrypt` (file to stdout) for one big value per format and for many keys.
# usage: bench/memory.sh [--no-build] [--big-mb N] [--counts "250000 500000 1000000"] [--only big|keys]
# Prints a markdown table; inputs and encrypted files go to bench/out/memory/ (ignored by git).
# Uses the IL build (`dotnet build -c Release`, run with `dotnet secretskit.dll`) and the example age key
# examples/keys/age-example.txt (never use it for real secrets).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=1 big_mb=50 counts="250000 500000 1000000" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --big-mb) big_mb=$2; shift ;;
    --counts) counts=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ ! -x /usr/bin/time ]; then sudo apt-get install -y time >/dev/null 2>&1 || apt-get install -y time >/dev/null; fi
out="$root/bench/out/memory"
mkdir -p "$out"
if [ "$build" = 1 ]; then dotnet build "$root/src/SecretsKit.Cli" -c Release -nologo -v q >/dev/null; fi
dll="$root/src/SecretsKit.Cli/bin/Release/net10.0/secretskit.dll"
recipient=age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl
export SOPS_AGE_KEY_FILE="$root/examples/keys/age-example.txt"
[ -f "$out/big.yaml" ] && [ "$(stat -c %s "$out/big.bin")" = "$((big_mb * 1000000))" ] && [ -f "$out/keys-${counts##* }.env" ] ||
  python3 "$root/bench/gen_memory.py" "$out" "$big_mb" $counts

mib() { echo $(( ($1 + 1023) / 1024 )); }
# run OP FILE DEST: peak RSS in MiB of one run, the output to DEST; exits on a failed run
run() {
  local op=$1 file=$2 dest=$3 kib
  if [ "$op" = encrypt ]; then
    kib=$( { /usr/bin/time -f %M dotnet "$dll" encrypt --age "$recipient" "$file" >"$dest"; } 2>&1 | tail -1)
  else
    kib=$( { /usr/bin/time -f %M dotnet "$dll" decrypt "$file" >"$dest"; } 2>&1 | tail -1)
  fi
  [[ "$kib" =~ ^[0-9]+$ ]] || { echo "$op $file failed: $kib" >&2; exit 1; }
  mib "$kib"
}
# case FILE EXT: encrypts FILE to a copy named *.enc.EXT, decrypts that copy, checks the round trip, prints both peaks
measure() {
  local file=$1 ext=$2 enc dec e d
  enc="${file%.*}.enc.$ext" dec="${file%.*}.dec.$ext"
  e=$(run encrypt "$file" "$enc")
  d=$(run decrypt "$enc" "$dec")
  cmp -s "$file" "$dec" || echo "warning: $file did not round-trip byte for byte" >&2
  echo "$e | $d"
}

echo "IL build (dotnet $(dotnet --version), \`dotnet build -c Release\`), commit $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%d), $(nproc) cores"
echo
echo "| input | size | encrypt peak RSS (MiB) | decrypt peak RSS (MiB) |"
echo "|---|---:|---:|---:|"
if [ -z "$only" ] || [ "$only" = big ]; then
  for f in yaml json env ini bin; do
    name=$f; [ $f = env ] && name=dotenv; [ $f = bin ] && name=binary
    echo "| one ${big_mb} MB value, $name | $(( $(stat -c %s "$out/big.$f") / 1000000 )) MB | $(measure "$out/big.$f" $f) |"
  done
fi
if [ -z "$only" ] || [ "$only" = keys ]; then
  for f in yaml json env; do
    name=$f; [ $f = env ] && name=dotenv
    for n in $counts; do
      echo "| $n keys, $name | $(( $(stat -c %s "$out/keys-$n.$f") / 1000000 )) MB | $(measure "$out/keys-$n.$f" $f) |"
    done
  done
fi
