#!/usr/bin/env bash
# Whole-process benchmarks with hyperfine; writes bench/RESULTS.md. See bench/README.md.
#   bench/run.sh            full run (10 MB files with 100k values, 200-file repo, 20 runs each; 60 for start-up)
#   bench/run.sh --quick    smoke run (small files, 3 runs each)
#   bench/run.sh [--quick] --only small,version
#                           only these groups (small, version, big-yaml, big-json, big-dotenv, repo); the table goes
#                           to bench/out/RESULTS-partial.md and bench/RESULTS.md is left alone
#                           (more groups: helm — the helm wrapper; agent — agentbench, 1,000 ExternalSecrets;
#                           tool — the packed dotnet tool, installed with --global into bench/out/tool-home;
#                           pq — X25519 vs post-quantum cold decrypt, against bench/aot/publish-baseline.sh and typage)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
quick=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only=",${2:?--only needs a list of groups},"; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
want() { [ -z "$only" ] || [[ "$only" == *",$1,"* ]]; }
results_md="$root/bench/RESULTS.md"
[ -n "$only" ] && results_md="$root/bench/out/RESULTS-partial.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if $quick; then big_values=5000; repo_files=20; runs=3; warmup=1; else big_values=100000; repo_files=200; runs=20; warmup=3; fi
if $quick; then agent_es=100; agent_keys=10; agent_settle=5; else agent_es=1000; agent_keys=100; agent_settle=15; fi
recipient=age1vxlnaw8u4vgv2z0r77m3y0t553ndhz4njg3a5rfwwwwxx5e964vs778sfl
key="$root/examples/keys/age-example.txt"
out="$root/bench/out"
work="$out/work"
mkdir -p "$out" "$work"

if ! command -v hyperfine > /dev/null; then
  echo "installing hyperfine" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y hyperfine > /dev/null
fi
command -v age > /dev/null || { echo "age is required (apt-get install age)" >&2; exit 1; }

echo "building the CLI (framework-dependent: IL only, and ReadyToRun), the floor program and the runtime floor (hello)" >&2
dotnet build src/SecretsKit.Cli -c Release -o "$out/cli" -nologo -v:q > /dev/null
# What `dotnet publish -r <rid> --self-contained false` ships: the same framework-dependent app with every assembly
# precompiled (PublishReadyToRun is on for RID-specific publishes, see SecretsKit.Cli.csproj).
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish src/SecretsKit.Cli -c Release -r "$rid" --self-contained false -nologo -v:q \
  --artifacts-path "$out/r2r-build" -o "$out/cli-r2r" > /dev/null
dotnet build bench/Floor -c Release -o "$out/floor" -nologo -v:q > /dev/null
# The runtime floor: a framework-dependent program that only prints its version, built the same two ways as the CLI.
dotnet build bench/Hello -c Release -o "$out/hello" -nologo -v:q > /dev/null
dotnet publish bench/Hello -c Release -r "$rid" --self-contained false -nologo -v:q \
  --artifacts-path "$out/hello-r2r-build" -o "$out/hello-r2r" > /dev/null
if want tool; then
  # What `dotnet tool install` users get: pack as the README says (scripts/pack.sh: the linux-x64 package is native AOT)
  # and install with --global into a private home (only the packed folder as a package source).
  echo "packing and installing the dotnet tool" >&2
  rm -rf "$out/tool-artifacts" "$out/tool-home" && mkdir -p "$out/tool-home/work"
  bash scripts/pack.sh "$out/tool-artifacts" > /dev/null
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' \
    > "$out/tool-home/work/nuget.config"
  tool_version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")"
  (cd "$out/tool-home/work" && HOME="$out/tool-home" DOTNET_CLI_HOME="$out/tool-home" NUGET_PACKAGES="$out/tool-home/.nuget/packages" \
    dotnet tool install --global --add-source "$out/tool-artifacts" SecretsKit --version "$tool_version" > /dev/null)
fi
if want agent; then
  echo "building the agent and the agent bench" >&2
  dotnet build src/SecretsKit.Agent -c Release -o "$out/agent" -nologo -v:q > /dev/null
  dotnet build bench/AgentBench -c Release -o "$out/agentbench" -nologo -v:q > /dev/null
fi
cli="$out/cli/secretskit"
r2r="$out/cli-r2r/secretskit"
native="$out/aot/secretskit"   # made by bench/aot/publish.sh, optional
hello_native="$out/aot/hello"   # the native runtime floor, also made by bench/aot/publish.sh
tool="$out/tool-home/.dotnet/tools/secretskit"   # installed by the tool group
hello="$out/hello/hello"
hello_r2r="$out/hello-r2r/hello"

echo "generating workloads ($big_values values, $repo_files files)" >&2
rm -rf "$work" && mkdir -p "$work"
python3 "$root/bench/gen_workloads.py" "$work" "$big_values" "$repo_files"
export SOPS_AGE_KEY_FILE="$key"
"$cli" encrypt --age "$recipient" "$work/typical.yaml" > "$work/enc.typical.yaml"
if want big-yaml; then "$cli" encrypt --age "$recipient" "$work/big.yaml" > "$work/enc.big.yaml"; fi
if want big-json; then "$cli" encrypt --age "$recipient" "$work/big.json" > "$work/enc.big.json"; fi
if want big-dotenv; then "$cli" encrypt --age "$recipient" "$work/big.env" > "$work/enc.big.env"; fi
if want repo; then for f in "$work"/repo/*.yaml; do "$cli" encrypt -i --age "$recipient" "$f"; done; fi
if want pq; then
  # the same 50-key file encrypted to a post-quantum hybrid key (age1pq1…), and that entry's armored age file alone
  "$cli" keygen --pq > "$work/pq-key.txt"
  pq_recipient="$(sed -n 's/^# public key: //p' "$work/pq-key.txt")"
  "$cli" encrypt --age "$pq_recipient" "$work/typical.yaml" > "$work/enc.typical-pq.yaml"
  python3 - "$work/enc.typical-pq.yaml" "$work/pq-stanza.age" <<'PY'
import sys
lines, out, inside = open(sys.argv[1]).read().split("\n"), [], False
for line in lines:
    s = line.strip()
    if s == "-----BEGIN AGE ENCRYPTED FILE-----": inside = True
    if inside: out.append(s)
    if s == "-----END AGE ENCRYPTED FILE-----": break
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
  cat "$key" "$work/pq-key.txt" > "$work/both-keys.txt"
fi
# age on a payload of the same size as the encrypted 50-key file
head -c "$(stat -c %s "$work/enc.typical.yaml")" /dev/urandom > "$work/payload.bin"
age -e -r "$recipient" -o "$work/payload.age" "$work/payload.bin"

# helm wrapper: three encrypted values files, their plaintext, a chart dir, and a copy of the fake helm of
# tests/SecretsKit.Testing/Helm/FakeHelm.cs (records each call's argv and value files, prints nothing, exits 0)
mkdir -p "$work/helm/chart" "$work/helm/bin" "$work/helm/rec"
printf 'apiVersion: v2\nname: bench\nversion: 0.1.0\n' > "$work/helm/chart/Chart.yaml"
if want helm; then
  for v in a b c; do
    sed "s/^service/${v}service/" "$work/typical.yaml" > "$work/helm/$v.yaml"
    "$cli" encrypt --age "$recipient" "$work/helm/$v.yaml" > "$work/helm/$v.enc.yaml"
  done
fi
# the recording fake helm of the tests (tests/SecretsKit.Testing/Helm/fake-helm.sh)
cp tests/SecretsKit.Testing/Helm/fake-helm.sh "$work/helm/bin/helm"
chmod +x "$work/helm/bin/helm"

cat > "$work/repo-decrypt.sh" <<SH
#!/usr/bin/env bash
for f in "$work"/repo/*.yaml; do "\$1" decrypt "\$f" > /dev/null; done
SH
chmod +x "$work/repo-decrypt.sh"

hf() { # name, then commands (hf_runs/hf_warmup override the defaults)
  local name="$1"; shift
  hyperfine -N --warmup "${hf_warmup:-$warmup}" --runs "${hf_runs:-$runs}" --export-json "$out/$name.json" --export-markdown "$out/$name.md" "$@" >&2
}
# Start-up groups: a few milliseconds per native run, so more runs for a steadier median (the slowest command, the
# IL-only decrypt, still takes under a minute).
hf_startup() { # name, then commands
  local n=$runs; $quick || n=$((runs * 3))
  hf_runs=$n hf_warmup=$((warmup * 3)) hf "$@"
}
hf_shell() { # name, then commands needing a shell (loops)
  local name="$1"; shift
  hyperfine --warmup 0 --runs "$( $quick && echo 1 || echo 3 )" --export-json "$out/$name.json" --export-markdown "$out/$name.md" "$@" >&2
}

# Cold start: age first, so the ratio column reads "× age -d" (the goal in issue #6).
small=("age -d -i $key $work/payload.age")
[ -x "$native" ] && small+=("$native decrypt $work/enc.typical.yaml")
small+=("$r2r decrypt $work/enc.typical.yaml" "$cli decrypt $work/enc.typical.yaml")
# The runtime floor: no framework-dependent build can start faster than these (see bench/README.md); the native
# hello is the same floor for the native build.
[ -x "$hello_native" ] && small+=("$hello_native")
small+=("$hello_r2r" "$hello")
if want small; then hf_startup small "${small[@]}"; fi
# Start-up alone (process start, runtime, argument parsing, no file): what decrypt costs on top is the work.
version=()
[ -x "$native" ] && version+=("$native --version")
version+=("$r2r --version" "$cli --version")
[ -x "$hello_native" ] && version+=("$hello_native")
version+=("$hello_r2r" "$hello")
if want version; then hf_startup version "${version[@]}"; fi
# The installed tool (native on linux-x64) against the ReadyToRun publish and the IL-only build (the `any` package),
# and the framework-dependent runtime floor (bench/Hello, ReadyToRun) the tool's goal is stated against.
if want tool; then hf tool "age -d -i $key $work/payload.age" "$tool decrypt $work/enc.typical.yaml" \
  "$r2r decrypt $work/enc.typical.yaml" "$cli decrypt $work/enc.typical.yaml" "$tool --version" "$hello_r2r"; fi
if want big-yaml; then hf big-yaml "$cli decrypt $work/enc.big.yaml" "$cli encrypt --age $recipient $work/big.yaml" "$out/floor/floor $work/big.yaml"; fi
if want big-json; then hf big-json "$cli decrypt $work/enc.big.json" "$cli encrypt --age $recipient $work/big.json"; fi
if want big-dotenv; then hf big-dotenv "$cli decrypt $work/enc.big.env" "$cli encrypt --age $recipient $work/big.env"; fi
repo=("$work/repo-decrypt.sh $cli")
[ -x "$native" ] && repo+=("$work/repo-decrypt.sh $native")
if want repo; then hf_shell repo "${repo[@]}"; fi
if want helm; then
  # the wrapper with three encrypted files vs the bare (fake) helm given the three plaintext files
  export HELM_BIN="$work/helm/bin/helm" FAKE_HELM_RECORD="$work/helm/rec" HELM_SECRETS_QUIET=true
  h="$work/helm"
  helm_cmds=("$h/bin/helm template x $h/chart -f $h/a.yaml -f $h/b.yaml -f $h/c.yaml"
             "$r2r helm template x $h/chart -f $h/a.enc.yaml -f $h/b.enc.yaml -f $h/c.enc.yaml"
             "$cli helm template x $h/chart -f $h/a.enc.yaml -f $h/b.enc.yaml -f $h/c.enc.yaml")
  [ -x "$native" ] && helm_cmds+=("$native helm template x $h/chart -f $h/a.enc.yaml -f $h/b.enc.yaml -f $h/c.enc.yaml")
  hf helm "${helm_cmds[@]}"
  unset HELM_BIN FAKE_HELM_RECORD HELM_SECRETS_QUIET
fi
if want pq; then
  # Cold native decrypt of the 50-key file: X25519 with this build and with the baseline build (same run; goal: within
  # ±5 %), then the same file encrypted to a post-quantum key, then typage (node) decrypting that file's age entry.
  # Every secretskit row reads the same key file (the example X25519 key and the post-quantum key).
  pq_bin="$native"; [ -x "$pq_bin" ] || pq_bin="$r2r"
  pq_cmds=("$pq_bin decrypt $work/enc.typical.yaml")
  [ -x "$out/aot-baseline/secretskit" ] && pq_cmds+=("$out/aot-baseline/secretskit decrypt $work/enc.typical.yaml")
  pq_cmds+=("$pq_bin decrypt $work/enc.typical-pq.yaml" "node $root/bench/typage-decrypt.mjs $work/pq-key.txt $work/pq-stanza.age")
  SOPS_AGE_KEY_FILE="$work/both-keys.txt" hf_startup pq "${pq_cmds[@]}"
fi
if want agent; then
  echo "agent: $agent_es ExternalSecrets over $agent_keys Vault keys" >&2
  "$out/agentbench/agentbench" --agent "$out/agent/secretskit-agent" --externalsecrets "$agent_es" --keys "$agent_keys" \
    --settle "$agent_settle" --out "$out/agent.json" > /dev/null
fi

BENCH_ONLY="$only" python3 - "$out" "$results_md" "$quick" "$big_values" "$repo_files" "$runs" "$root" <<'PY'
import json, os, platform, subprocess, sys, datetime
out, results, quick, big_values, repo_files, runs, root = sys.argv[1:8]
def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"
def size(p):
    path = os.path.join(out, "work", p)
    return os.path.getsize(path) if os.path.exists(path) else 0
def short(cmd):
    return cmd.replace(out + "/work/", "").replace(out + "/", "bench/out/").replace(root + "/", "")
nproc = os.cpu_count()
load = open("/proc/loadavg").read().split()[0]
lines = [
    "# Benchmark results",
    "",
    "Produced by `bench/run.sh%s` (hyperfine, one run of the script, %s runs per command, %s for the cold-start and"
    " start-up groups; 3 for the repository). **Medians** of wall time; the ratio is against the first command of each"
    " group." % (" --quick" if quick == "true" else "", runs, runs if quick == "true" else int(runs) * 3),
    "",
    "- machine: %s CPUs (`nproc`), %s" % (nproc, cpu()),
    "- date: %s, load average at the end: %s" % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), load),
    "- workloads: 50-key values file (%d bytes encrypted); big files with %s values (yaml %d bytes, json %d, dotenv %d);"
    " %s-file repository" % (size("enc.typical.yaml"), big_values, size("big.yaml"), size("big.json"), size("big.env"), repo_files),
    "",
]
titles = {"small": "Cold start: decrypt the 50-key file vs `age -d` on a same-size payload (ratio = × age); `hello` rows: the .NET runtime floor",
          "version": "Start-up alone: `secretskit --version` (native, ReadyToRun, IL only) and the runtime floor (`bench/Hello`, ReadyToRun and IL only)",
          "tool": "The dotnet tool package, installed with `dotnet tool install --global`: decrypt vs `age -d` (ratio = × age)",
          "big-yaml": "Big YAML: decrypt / encrypt vs the floor (YamlDotNet parse + emit of the plaintext)",
          "big-json": "Big JSON", "big-dotenv": "Big dotenv", "repo": "Repository-wide: decrypt every file, one process each",
          "pq": "Post-quantum: cold decrypt of the 50-key file with an X25519 key (this build, then the baseline of `bench/aot/publish-baseline.sh`), with a post-quantum `age1pq1…` key, and typage (`node`) decrypting that file's age entry",
          "helm": "Helm wrapper: `secretskit helm template` with three encrypted values files vs the bare (fake) helm with the plaintext files"}
only = os.environ.get("BENCH_ONLY", "")
for name in ["small", "version", "pq", "tool", "big-yaml", "big-json", "big-dotenv", "repo", "helm"]:
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path) or (only and "," + name + "," not in only):
        continue
    data = json.load(open(path))["results"]
    base = data[0]["median"]
    over = name == "helm"  # the goal there is an absolute overhead
    lines += ["## " + titles[name], "", "| command | median | mean ± σ | ratio |" + (" over first |" if over else ""),
              "|---|---:|---:|---:|" + ("---:|" if over else "")]
    for r in data:
        lines.append("| `%s` | %.1f ms | %.1f ± %.1f ms | %.2f |" % (short(r["command"]), r["median"] * 1000, r["mean"] * 1000, (r["stddev"] or 0) * 1000, r["median"] / base)
                     + (" %+.1f ms |" % ((r["median"] - base) * 1000) if over else ""))
    lines.append("")
agent = os.path.join(out, "agent.json")
if os.path.exists(agent) and (not only or ",agent," in only):
    a = json.load(open(agent))
    lines += ["## Agent: first sync of %d ExternalSecrets over %d Vault keys (`agentbench`, fake API server + fake Vault)" % (a["externalsecrets"], a["remote_keys"]), "",
              "The real `secretskit-agent` process against the fake Kubernetes API; the ExternalSecrets are created once it holds the"
              " leader lease; latency is per ExternalSecret, from its creation to its target Secret existing.", "",
              "| measure | value |", "|---|---:|",
              "| synced | %d of %d |" % (a["synced"], a["externalsecrets"]),
              "| full sync (first creation → last Secret) | %.0f ms |" % a["full_sync_ms"],
              "| latency p50 / p95 / max | %.0f / %.0f / %.0f ms |" % (a["latency_p50_ms"], a["latency_p95_ms"], a["latency_max_ms"]),
              "| Vault KV reads during the first sync | %d |" % a["vault_kv_reads_first_sync"],
              "| Vault calls during the first sync (all) | %d |" % a["vault_calls_first_sync"],
              "| Kubernetes API requests during the first sync | %d |" % a["kube_requests_first_sync"],
              "| agent RSS idle / after sync / after %d s more | %.1f / %.1f / %.1f MB |" % (a["settle_s"], a["rss_mb_idle"], a["rss_mb_after_sync"], a["rss_mb_steady"]),
              "| agent peak RSS | %.1f MB |" % a["rss_mb_peak"], ""]
open(results, "w").write("\n".join(lines))
print("wrote " + results)
PY
