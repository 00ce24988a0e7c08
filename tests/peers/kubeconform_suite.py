"""Runner behind tests/peers/kubeconform-suite.sh (read its header first): kubeconform v0.7.0's acceptance.bats and
acceptance-nonetwork.bats cases and pkg/validator's table tests, through `secretskit validate`. A bats case is read as
what it runs (`run bin/kubeconform …`, or `run bash -c "cat F | bin/kubeconform …"`) and what it asserts (status;
summary counts; a resource reported valid, invalid at a path, skipped or refused; an early one-line failure); each
assertion is checked against secretskit's exit code and findings, never against kubeconform's wording."""
import os
import re
import shlex
import subprocess
import sys
import tempfile

SUITE = os.environ["KUBECONFORM_SUITE"]
SK = os.environ["SECRETSKIT_BIN"]
VERBOSE = "-v" in sys.argv[1:]
ONLY = [a for a in sys.argv[1:] if not a.startswith("-")]

INTERNET = "needs the internet (a schema location on GitHub, or an HTTP proxy)"
NO_EQUIVALENT = "uses {} , which secretskit validate has no equivalent of"
SKIPS = {
    "Fail early when passing a non valid -kubernetes-version":
        "deliberate: --kube-version takes a Kubernetes minor (1.25), kubeconform wants a full x.y.z",
    "Fail when parsing a valid Kubernetes config YAML file without network access":
        "deliberate: kubeconform's default location is on GitHub and fails offline; secretskit's schemas are built in",
    "missing schema in both registries, ignore missing":
        "deliberate: an unknown kind of a built-in API group (here v1 'name') is an error, not a skipped custom resource",
    "non-json response in both registries, ignore missing":
        "deliberate: an unknown kind of a built-in API group (here v1 'name') is an error, not a skipped custom resource",
}
UNSUPPORTED_FLAGS = {"-cache", "-ignore-filename-pattern", "--ignore-filename-pattern", "-n", "-exit-on-error", "-insecure-skip-tls-verify", "-debug"}

results = []  # (name, outcome, detail): outcome is pass, fail or skip


def record(name, outcome, detail=""):
    results.append((name, outcome, detail))
    if VERBOSE or outcome == "fail":
        print(f"{outcome.upper()}: {name}{': ' + detail if detail else ''}")


def run_secretskit(args, stdin_file=None, cwd=SUITE):
    stdin = open(os.path.join(cwd, stdin_file), "rb") if stdin_file else subprocess.DEVNULL
    try:
        p = subprocess.run([SK, "validate", *args], cwd=cwd, stdin=stdin, capture_output=True, text=True, timeout=300)
    finally:
        if stdin_file:
            stdin.close()
    if VERBOSE:
        print(f"  $ secretskit validate {' '.join(shlex.quote(a) for a in args)}{' < ' + stdin_file if stdin_file else ''}"
              f"\n  exit {p.returncode}\n" + "".join(f"  | {l}\n" for l in (p.stdout + p.stderr).splitlines()))
    return p


# --- bats ----------------------------------------------------------------------------------------------------------

def bats_cases(path):
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r'^@test "(?P<name>[^"]+)" \{\n(?P<body>.*?)^\}', text, re.M | re.S):
        yield m.group("name"), m.group("body")


def translate(command):
    """kubeconform's command line → (secretskit arguments, stdin file or None, reason to skip or None)."""
    words = shlex.split(command)
    stdin = None
    if words[:2] == ["bash", "-c"]:
        inner = words[2]
        if "HTTPS_PROXY" in inner:
            return None, None, INTERNET
        if ">" in inner:
            return None, None, NO_EQUIVALENT.format("-output junit")
        m = re.match(r"cat (\S+) \| (.*)$", inner)
        if m:
            stdin, inner = m.group(1), m.group(2)
        words = shlex.split(inner)
    if not words or not words[0].endswith("bin/kubeconform"):
        return None, None, "not a kubeconform run"
    args, strict, ignore_missing, files = [], False, False, []
    it = iter(words[1:])
    for w in it:
        if w in UNSUPPORTED_FLAGS:
            return None, None, NO_EQUIVALENT.format(w)
        if w == "-strict":
            strict = True
        elif w == "-ignore-missing-schemas":
            ignore_missing = True
        elif w in ("-summary", "-verbose"):
            pass
        elif w == "-h":
            return ["--help"], None, None
        elif w == "-kubernetes-version":
            args += ["--kube-version", next(it)]
        elif w == "-schema-location":
            location = next(it)
            if location.startswith("http"):
                return None, None, INTERNET
            args += ["--schema-location", location]
        elif w in ("-skip", "-reject"):
            args += ["-" + w, next(it)]
        elif w == "-output":
            fmt = next(it)
            if fmt != "json":
                return None, None, NO_EQUIVALENT.format("-output " + fmt)
            args += ["--output", "json"]
        elif w.startswith("-") and w != "-":
            args.append("-" + w)  # an unknown flag stays unknown
        else:
            files.append(w)
    for f in files:
        if f != "-" and f.startswith("fixtures/") and not os.path.exists(os.path.join(SUITE, f)) and "not-here" not in f:
            return None, None, f"{f} is not in the mirror (its content was not fetched)"
    if stdin and not os.path.exists(os.path.join(SUITE, stdin)):
        return None, None, f"{stdin} is not in the mirror (its content was not fetched)"
    args.append("--strict" if strict else "--strict=false")
    if not ignore_missing:
        args.append("--reject-missing-schemas")
    return args + files, stdin, None


SUMMARY = re.compile(r"Summary: (\d+) resources? found .*Valid: (\d+), Invalid: (\d+), Errors: (\d+), Skipped: (\d+)")
OURS = re.compile(r"validate: (\d+) documents?: (\d+) valid, (\d+) invalid, (\d+) skipped")
RESOURCE = re.compile(r"^\S+ - (?:(?P<kind>\w+) (?P<name>\S+) (?P<what>is valid|is invalid|failed validation)|(?P<name2>\S+) (?P<kind2>\w+) skipped)(?P<rest>.*)$")


def check_output(expected, out, err):
    """None when secretskit's output carries what kubeconform's expected output asserts; else what is missing."""
    if m := SUMMARY.search(expected):
        found, valid, invalid, errors, skipped = map(int, m.groups())
        ours = OURS.search(out)
        if not ours:
            return "no summary line"
        got = tuple(map(int, ours.groups()))
        want = (found, valid, invalid + errors, skipped)
        return None if got == want else f"summary {got} (documents, valid, invalid, skipped), kubeconform's {want}"
    if expected.startswith("failed initialising"):
        lines = err.strip().splitlines()
        return None if len(lines) == 1 and "--schema-location" in lines[0] else "no one-line --schema-location error"
    if m := RESOURCE.match(expected):
        kind, name = m.group("kind") or m.group("kind2"), m.group("name") or m.group("name2")
        findings = [l for l in out.splitlines() if f"{kind} {name}:" in l]
        if m.group("what") == "is valid":
            return None if not [l for l in findings if "skipped" not in l] else f"findings for {kind} {name}"
        if m.group("name2"):
            return None if any("skipped" in l for l in findings) else f"{kind} {name} not skipped"
        if "prohibited resource kind" in m.group("rest"):
            return None if any("prohibited resource kind" in l for l in findings) else f"{kind} {name} not refused"
        if at := re.search(r"at '(/[^']*)'", m.group("rest")):
            path = at.group(1).strip("/").replace("/", ".")
            return None if any(f": {path}:" in l for l in findings) else f"no finding for {kind} {name} at {path}"
        return None if findings else f"no finding for {kind} {name}"
    return "unchecked"


def run_bats(path):
    for name, body in bats_cases(path):
        if ONLY and not any(o in name for o in ONLY):
            continue
        if name in SKIPS:
            record(name, "skip", SKIPS[name])
            continue
        command = re.search(r"^\s*run (.*)$", body, re.M).group(1)
        args, stdin, skip = translate(command)
        if skip:
            record(name, "skip", skip)
            continue
        if any(w in body for w in ("xmllint", "ls cache")):
            record(name, "skip", NO_EQUIVALENT.format("-cache / -output junit"))
            continue
        p = run_secretskit(args, stdin)
        problems = []
        if st := re.search(r'\[ "\$status" -eq (\d+) \]', body):
            if (p.returncode == 0) != (st.group(1) == "0"):
                problems.append(f"exit {p.returncode}, kubeconform's {st.group(1)}")
        for expected in re.findall(r'\[\[? "\$\{?(?:output|lines\[\d\])\}?" ==? [\'"]\*?"?(.*?)"?\*?[\'"] \]\]?', body):
            expected = expected.replace("'\\''", "'")
            if expected.startswith(("Usage:", "flag provided", "TAP", "ok 1", "1..1")) or "missing '" in expected:
                continue
            if (why := check_output(expected, p.stdout, p.stderr)) and why != "unchecked":
                problems.append(why)
        for key in re.findall(r"missing '(\w+)' key", body):
            if f"missing {key}" not in p.stdout and "missing kind and apiVersion" not in p.stdout:
                problems.append(f"no 'missing {key}' finding")
        record(name, "fail" if problems else "pass", "; ".join(problems))


# --- pkg/validator table tests -------------------------------------------------------------------------------------

TOKEN = re.compile(r'`[^`]*`|"(?:[^"\\]|\\.)*"|\bnil\b|\btrue\b|\bfalse\b|\b(?:Valid|Invalid|Error|Skipped|Empty)\b')


def validator_cases(source):
    table = source[source.index("func TestValidate(t"):source.index("} {\n\t\tval := v{")]
    for entry in re.findall(r"^\t\t\{\n(.*?)^\t\t\},", table, re.M | re.S):
        tokens = TOKEN.findall(entry)
        name, raw, reg1, reg2, ignore, strict, status = tokens[:7]
        errors = re.findall(r'Path: "([^"]*)"', entry)
        yield name.strip('"'), raw.strip("`"), None if reg1 == "nil" else reg1.strip("`"), \
            None if reg2 == "nil" else reg2.strip("`"), ignore == "true", strict == "true", status, errors


def fixed_cases(source):
    """TestValidationErrors and TestValidateFile: one schema, a resource (stream), the errors' paths / the statuses."""
    for test in ("TestValidationErrors", "TestValidateFile"):
        body = source[source.index(f"func {test}("):]
        body = body[:body.index("\n}\n")]
        raw, schema = re.findall(r"`([^`]*)`", body)[:2]
        paths = re.findall(r'Path: "([^"]*)"', body)
        statuses = re.search(r"expectedStatuses := \[\]Status\{([^}]*)\}", body)
        yield test, raw, schema, paths, statuses.group(1).replace(" ", "").split(",") if statuses else ["Invalid"]


def run_validator(source):
    work = tempfile.mkdtemp(prefix="kubeconform-validator-")
    for name, raw, reg1, reg2, ignore, strict, status, errors in validator_cases(source):
        name = "TestValidate/" + name
        if ONLY and not any(o in name for o in ONLY):
            continue
        if name.split("/", 1)[1] in SKIPS:
            record(name, "skip", SKIPS[name.split("/", 1)[1]])
            continue
        args = []
        for i, reg in enumerate((reg1, reg2), 1):
            path = os.path.join(work, f"registry{i}.json")
            if reg is None:
                path = os.path.join(work, f"absent{i}.json")
            else:
                open(path, "w", encoding="utf-8").write(reg)
            args += ["--schema-location", path]
        open(os.path.join(work, "resource.yaml"), "w", encoding="utf-8").write(raw)
        args += ["--strict" if strict else "--strict=false"] + ([] if ignore else ["--reject-missing-schemas"]) + ["resource.yaml"]
        p = run_secretskit(args, cwd=work)
        problems = []
        want_ok = status in ("Valid", "Skipped", "Empty")
        if (p.returncode == 0) != want_ok:
            problems.append(f"exit {p.returncode}, kubeconform's status {status}")
        if status == "Skipped" and "skipped" not in p.stdout:
            problems.append("not skipped")
        problems += [f"no finding at '{e}'" for e in errors if not has_finding(p.stdout, e)]
        record(name, "fail" if problems else "pass", "; ".join(problems))
    for name, raw, schema, paths, statuses in fixed_cases(source):
        if ONLY and not any(o in name for o in ONLY):
            continue
        open(os.path.join(work, "schema.json"), "w", encoding="utf-8").write(schema)
        open(os.path.join(work, "resource.yaml"), "w", encoding="utf-8").write(raw)
        p = run_secretskit(["--schema-location", os.path.join(work, "schema.json"), "--strict=false", "--reject-missing-schemas", "resource.yaml"], cwd=work)
        problems = [f"no finding at '{e}'" for e in paths if not has_finding(p.stdout, e)]
        ours = OURS.search(p.stdout)
        want = (len(statuses), statuses.count("Valid"), statuses.count("Invalid"))
        if not ours or tuple(map(int, ours.groups()[:3])) != want:
            problems.append(f"summary {ours.group(0) if ours else None}, kubeconform's statuses {statuses}")
        if (p.returncode == 0) != all(s == "Valid" for s in statuses):
            problems.append(f"exit {p.returncode}")
        record(name, "fail" if problems else "pass", "; ".join(problems))


def has_finding(out, json_pointer):
    path = json_pointer.strip("/").replace("/", ".")
    return any((f": {path}: " in l) if path else re.search(r": missing required field", l) for l in out.splitlines())


run_bats(os.path.join(SUITE, "acceptance.bats"))
run_bats(os.path.join(SUITE, "acceptance-nonetwork.bats"))
run_validator(open(os.path.join(SUITE, "pkg/validator/validator_test.go"), encoding="utf-8").read())

passed = sum(1 for _, o, _ in results if o == "pass")
runnable = sum(1 for _, o, _ in results if o != "skip")
skipped = [(n, d) for n, o, d in results if o == "skip"]
print(f"kubeconform v0.7.0 acceptance and validator cases through secretskit validate: {passed}/{runnable} runnable cases pass "
      f"({len(skipped)} skipped)")
for n, d in skipped:
    print(f"  skipped: {n}: {d}")
sys.exit(0 if passed == runnable else 1)
