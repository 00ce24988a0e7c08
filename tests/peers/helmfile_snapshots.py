"""Runner behind tests/peers/helmfile-snapshots.sh (read its header first): helmfile v1.7.4's snapshot cases and the
integration test-cases that need neither a cluster nor the internet, through `secretskit release`, compared with what
helmfile recorded. Documents are compared as YAML (helm's rendering), after dropping helmfile's own log lines
(`Templating release=…`, `Adding repo …`), which secretskit writes to stderr in its own words; `list` tables are compared
row by row, `build` output by the releases it describes (name, namespace, chart, version, labels, needs), since the two
tools lay out the rest of the state differently."""
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import yaml

SUITE = os.environ["HELMFILE_SUITE"]
STATE = os.environ["SUITE_STATE"]
SK = os.environ["SECRETSKIT_BIN"]
HELM = os.environ["HELM_BIN"]
SNAPSHOTS = os.path.join(SUITE, "test/e2e/template/helmfile/testdata/snapshot")
CHARTS = os.path.join(SUITE, "test/e2e/template/helmfile/testdata/charts")
CASES = os.path.join(SUITE, "test/integration/test-cases")
VERBOSE = "-v" in sys.argv[1:]
ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]

LOG_LINE = re.compile(r'^(Building dependency |Templating release=|Adding repo |"[^"]+" has been added|Live output is enabled|'
                      r'Pulling |Fetching |Skipping |Listing releases|WARNING: |Updating repo|Successfully )')

OCI = "needs an OCI registry (helmfile's test runs registry:2 in docker)"
CHARTIFY = "applied by helmfile through chartify and kustomize, which secretskit release refuses by name"
CLUSTER = "needs a Kubernetes cluster (apply/sync/diff/destroy/test against a live API server)"
INTERNET = "needs the internet (a public chart repository or a git:: URL)"

SNAPSHOT_SKIPS = {
    "chart_need": "release `dependencies:` (adhoc chart dependencies) " + CHARTIFY,
    "chart_need_enable_live_output": "release `dependencies:` (adhoc chart dependencies) " + CHARTIFY,
    "hcl_mix": "HCL values files: secretskit release reads YAML values only",
    "hcl_override": "HCL values files: secretskit release reads YAML values only",
    "issue_1229_template_strategic_merge_with_lockfile": "strategicMergePatches " + CHARTIFY,
    "issue_473_oci_chart_url_fetch": "`helmfile fetch` (no such verb) and " + OCI,
    "issue_498_template_go_getter_with_selector": "charts from git:: URLs: " + INTERNET,
    "oci_chart_pull": OCI, "oci_chart_pull_direct": OCI, "oci_chart_pull_once": OCI, "oci_chart_pull_once2": OCI,
    "oci_need": OCI, "postrenderer": OCI,
    "pr_560": "values and secrets from git:: URLs: " + INTERNET,
}

# Integration test-cases: (name, args after `secretskit release`, working dir under the case, check) — the command and
# the checks each case's .sh runs, in secretskit's flag spelling. check is ("docs", expected file) or ("grep", must,
# must_not) or ("fails", pattern).
INTEGRATION = [
    ("issue-2281-array-merge", ["-f", "input/helmfile.yaml.gotmpl", "template", "--state-values-set", "top.array[0]=cmdlinething1",
                                "--state-values-set", "top.complexArray[1].anotherThing=cmdline", "--skip-deps"], ("docs", "output/output.yaml")),
    ("issue-2353-layer-array-replace", ["-f", "input/helmfile.yaml.gotmpl", "template", "--skip-deps"], ("docs", "output/output.yaml")),
    ("issue-2451-nested-helmfile-array-replace", ["-f", "input/helmfile.yaml", "template", "--skip-deps"], ("docs", "output/output.yaml")),
    ("state-values-set-cli-args-in-environments", ["-f", "input/helmfile.yaml.gotmpl", "template", "--state-values-set", "foo=bar", "--skip-deps"],
     ("docs", "output/output.yaml")),
    ("yaml-overwrite", ["-f", "input/issue.657.yaml.gotmpl", "template", "--skip-deps"], ("docs", "output/overwritten.yaml")),
    ("include-template-func", ["-f", "input/helmfile.yaml.gotmpl", "template", "--concurrency", "1"], ("docs", "output/template-result")),
    ("issue-2269", ["-f", "input/helmfile.yaml", "template"], ("grep", ["test-2269"], ["Adding repo"])),
    ("issue-2544/-l app=b", ["-f", "input/helmfile.yaml", "template", "-l", "app=b"], ("grep", ["release-b"], ["release-a", "release-c"])),
    ("issue-2544/all", ["-f", "input/helmfile.yaml", "template"], ("grep", ["release-a", "release-b", "release-c"], [])),
    ("issue-2544/-l app=a", ["-f", "input/helmfile.yaml", "template", "-l", "app=a"], ("grep", ["release-a"], ["release-b", "release-c"])),
    ("issue-2599-default-inherit", ["-f", "input/helmfile.yaml", "build"], ("build-2599",)),
    ("postrender-defaults-args", ["-f", "input/helmfile.yaml.gotmpl", "template", "--concurrency", "1"],
     ("grep", ["name: rendered-arg-foo", "name: rendered-arg-bar"], ["rendered-arg-{{ .Release.Name }}"])),
    ("issue-1172-selector-required-env/-l tier=label2", ["-f", "input/helmfile.yaml.gotmpl", "template", "-l", "tier=label2"],
     ("grep", ["release: rel2"], ["release: rel1"])),
    ("issue-1172-selector-required-env/all", ["-f", "input/helmfile.yaml.gotmpl", "template"], ("grep", ["release: rel1", "release: rel2"], [])),
    ("issue-2418", ["-f", "input/helmfile.yaml", "template"], ("grep", [], ["no repositories found"])),
    ("issue-2424-sequential-values-paths", ["-f", "input/helmfile.d", "template"],
     ("grep", ["app-configmap-2424", "test-app-2424", "test-other-2424"], [])),
]
INTEGRATION_ENV = {"issue-1172-selector-required-env": {"ISSUE_1172_BUZZ": "test-buzz-value"}}
INTEGRATION_DIRS: dict = {}

INTEGRATION_SKIPS = {
    "chart-needs": CLUSTER, "diff-args": CLUSTER, "happypath": CLUSTER, "issue-2271": CLUSTER, "issue-2275": CLUSTER,
    "issue-2280": CLUSTER, "issue-2291": CLUSTER, "issue-2355": CLUSTER, "issue-2409-sequential-kubecontext": CLUSTER,
    "issue-2712-rollback-on-failure": CLUSTER, "kubedog-tracking": CLUSTER, "lookup": CLUSTER, "postrender": CLUSTER,
    "skip-diff-output": CLUSTER, "suppress-output-line-regex": CLUSTER, "issue-2502-race-condition-local-chart": CLUSTER,
    "issue-1749": "`template --args --dry-run=server`: " + CLUSTER, "unittest": "`helmfile unittest` and the helm-unittest plugin (no such verb)",
    "chartify": CHARTIFY, "chartify-jsonPatches-and-strategicMergePatches": "jsonPatches/strategicMergePatches " + CHARTIFY,
    "chartify-with-non-chart-dir": "a directory of manifests as a chart " + CHARTIFY,
    "issue-1880-transformers-with-file-deps": "transformers " + CHARTIFY, "issue-2297-local-chart-transformers": "transformers " + CHARTIFY,
    "issue-2309-kube-context-template": "jsonPatches " + CHARTIFY, "deps-kustomization-i-1402": "`helmfile deps` of kustomizations " + CHARTIFY,
    "deps-mr-1011": "`helmfile deps` (no such verb): " + INTERNET, "regression": "`helmfile deps` and " + INTERNET,
    "fetch-forl-local-chart": "`helmfile fetch` (no such verb)", "fetch-write-output": "`helmfile fetch` (no such verb)",
    "helmfile-double-fetch": "`helmfile fetch` (no such verb)", "kustomized-fetch": "`helmfile fetch` (no such verb)",
    "issue-2503-kustomize-fetch": "`helmfile fetch` (no such verb)", "oci-parallel-pull": OCI, "issue-2097": OCI, "issue-2247": OCI,
    "issue-2103": "charts from git:: URLs: " + INTERNET, "issue-821-adhoc-dep-go-getter": "adhoc dependencies from git:: URLs: " + INTERNET,
    "issue-2431": "a local chart's dependency from a public repository: " + INTERNET,
    "v1-subhelmfile-multi-bases-with-array-values": "the public incubator chart repository: " + INTERNET,
    "hcl-secrets": "HCL values files: secretskit release reads YAML values only",
    "secretssops": "helm-secrets as a helm plugin with PGP keys imported into the user's keyring (covered by tests/peers/helm-secrets-unit-suite.sh)",
    "cli-overwrite-environment-values": "--state-values-set-string: not a secretskit release flag",
    "inherits-subhelmfile": "a helmfiles: entry's inherits: (refused by name)",
    "issue-2515": "--output-dir-template: not a secretskit release flag",
    "chart-deps-condition": "strategicMergePatches " + CHARTIFY,
    "issue-1893": "transformers " + CHARTIFY,
    "issue-2596-local-deps-multiple-files": "release `dependencies:` (adhoc chart dependencies) " + CHARTIFY,
}


def documents(text):
    """The YAML documents of a template output, helmfile's log lines dropped."""
    kept = "\n".join(line for line in text.splitlines() if not LOG_LINE.match(line))
    return [d for d in yaml.safe_load_all(kept) if d is not None]


def list_rows(text):
    return [line.split() for line in text.splitlines() if line.strip()]


def build_releases(text):
    releases = []
    for doc in yaml.safe_load_all(text):
        for r in (doc or {}).get("releases") or []:
            release = {k: r.get(k) or None for k in ("name", "namespace", "chart", "version", "labels", "needs")}
            # helmfile's build leaves an unset namespace empty (helm then uses "default"); secretskit shows "default"
            release["namespace"] = release["namespace"] or "default"
            if release["labels"] and not release["labels"].get("namespace"):
                release["labels"]["namespace"] = "default"
            releases.append(release)
    return releases


def run(args, cwd, env=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    p = subprocess.run([SK, "release", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def serve_charts(port):
    """helmfile's local chart repository: the test charts packaged and indexed, served on 127.0.0.1:port."""
    repo = os.path.join(STATE, f"repo-{port}")
    os.makedirs(repo, exist_ok=True)
    for chart in sorted(os.listdir(CHARTS)):
        subprocess.run([HELM, "package", os.path.join(CHARTS, chart), "-d", repo], check=True, capture_output=True)
    subprocess.run([HELM, "repo", "index", repo, "--url", f"http://localhost:{port}/"], check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", repo],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(STATE, f"server-{port}.pid"), "w") as f:
        f.write(str(server.pid))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait until it answers
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/index.yaml", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"chart server on port {port} exited")
            time.sleep(0.05)  # poll interval while the server starts
    raise RuntimeError(f"chart server on port {port} did not answer")


def snapshot_case(name):
    case = os.path.join(SNAPSHOTS, name)
    config = {}
    if os.path.exists(os.path.join(case, "config.yaml")):
        config = yaml.safe_load(open(os.path.join(case, "config.yaml"))) or {}
    helmfile_args = config.get("helmfileArgs") or ["build"]
    args, i = ["-f", "input.yaml.gotmpl"], 0
    verb = None
    while i < len(helmfile_args):
        a = helmfile_args[i]
        if a in ("template", "list", "build"):
            verb = a
        elif a == "--environment":
            args += ["-e", helmfile_args[i + 1]]
            i += 1
        elif a.startswith("--concurrency="):
            args += ["--concurrency", a.split("=", 1)[1]]
        elif a == "-l":
            args += ["-l", helmfile_args[i + 1]]
            i += 1
        elif a in ("--skip-charts", "-q", "--enable-live-output"):
            pass  # output detail of helmfile's own (no chart preparation for list, quiet, live output)
        else:
            return None, f"helmfile argument {a} has no secretskit counterpart"
        i += 1
    server = None
    if (config.get("localChartRepoServer") or {}).get("enabled"):
        server = serve_charts(config["localChartRepoServer"]["port"])
    try:
        code, out, err = run([*args, verb], case)
    finally:
        if server:
            server.terminate()
            server.wait()
    expected_file = next(os.path.join(case, f) for f in ("output.yaml", "gopkg.in-yaml.v3-output.yaml") if os.path.exists(os.path.join(case, f)))
    expected = open(expected_file).read()
    if code != 0:
        return False, f"exit {code}: {err.strip()[-600:]}"
    if verb == "template":
        want, got = documents(expected), documents(out)
    elif verb == "list":
        want, got = list_rows(expected), list_rows(out)
    else:
        want, got = build_releases(expected), build_releases(out)
    return want == got, f"want {want}\n got {got}"


def integration_case(name, args, check):
    base = name.split("/")[0]
    cwd = os.path.join(CASES, base, INTEGRATION_DIRS.get(base, ""))
    code, out, err = run(args, cwd, INTEGRATION_ENV.get(base))
    if check[0] == "fails":
        return code != 0 and check[1] in err, err
    if code != 0:
        return False, f"exit {code}: {err.strip()[-600:]}"
    if check[0] == "docs":
        want, got = documents(open(os.path.join(CASES, base, check[1])).read()), documents(out)
        return want == got, f"want {want}\n got {got}"
    if check[0] == "grep":
        text = out + err
        missing = [p for p in check[1] if p not in text]
        unwanted = [p for p in check[2] if p in text]
        return not missing and not unwanted, f"missing {missing}, unwanted {unwanted}"
    # issue-2599: the checks of its .sh on the build output (the namespace and labels each release inherits), then the
    # error for a defaultInherit naming no template
    releases = {r["name"]: r for doc in yaml.safe_load_all(out) for r in (doc or {}).get("releases") or []}
    ok = (all(r.get("namespace") == "default-ns" for r in releases.values()) and set(releases) == {"app1", "app2"}
          and releases["app1"]["labels"].get("managed") == "true" and "managed" not in releases["app2"]["labels"]
          and all(any("common.yaml" in str(v) for v in r.get("values") or []) for r in releases.values()))
    bad = os.path.join(STATE, "bad-2599.yaml")
    with open(bad, "w") as f:
        f.write(f"defaultInherit: nonexistent\nreleases:\n- name: app1\n  chart: {CHARTS}/raw-0.1.0\n")
    code2, _, err2 = run(["-f", bad, "build"], STATE)
    return ok and code2 != 0 and "inexistent release template" in err2, f"build {releases}; bad: exit {code2} {err2.strip()}"


def main():
    results, skipped = [], []
    for name in sorted(os.listdir(SNAPSHOTS)):
        if ONLY and name not in ONLY:
            continue
        if name in SNAPSHOT_SKIPS:
            skipped.append((f"snapshot/{name}", SNAPSHOT_SKIPS[name]))
            continue
        ok, detail = snapshot_case(name)
        if ok is None:
            skipped.append((f"snapshot/{name}", detail))
            continue
        results.append((f"snapshot/{name}", ok, detail))
    covered = {n.split("/")[0] for n, _, _ in INTEGRATION}
    for name, args, check in INTEGRATION:
        if ONLY and name.split("/")[0] not in ONLY:
            continue
        ok, detail = integration_case(name, args, check)
        results.append((f"integration/{name}", ok, detail))
    for script in sorted(f[:-3] for f in os.listdir(CASES) if f.endswith(".sh")):
        if script in covered or (ONLY and script not in ONLY):
            continue
        skipped.append((f"integration/{script}", INTEGRATION_SKIPS.get(script, "not classified: read its .sh and add it here")))
    for name, ok, detail in results:
        print(f"{'PASS' if ok else 'FAIL'} {name}")
        if not ok and VERBOSE:
            print("  " + detail.replace("\n", "\n  "))
    passed = sum(1 for _, ok, _ in results if ok)
    print(f"helmfile v1.7.4 snapshot and integration cases through secretskit release: {passed}/{len(results)} runnable cases pass "
          f"({len(skipped)} skipped)")
    for name, reason in skipped:
        print(f"  skipped {name}: {reason}")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
