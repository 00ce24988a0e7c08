"""trivy-checks' Kubernetes (KSV, KCV) test cases through `secretskit policy`; see trivy-checks-suite.sh."""
import json
import os
import re
import subprocess
import sys
import tempfile

checks_dir, sk, version = sys.argv[1], sys.argv[2], sys.argv[3]
verbose = "-v" in sys.argv[4:]


def meta(text, key):
    m = re.search(r"^#\s+" + key + r":\s*(.+)$", text, re.M)
    if not m:
        return None
    value = m.group(1).strip()
    return json.loads(value) if value.startswith('"') else value


def balanced(text, start):
    """The end (exclusive) of the bracketed literal opening at text[start], strings and comments respected."""
    depth, i, in_str = 0, start, False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def rego_literal_to_json(lit):
    """A Rego object literal (JSON plus trailing commas and comments) as a Python value, or None."""
    out, i, in_str = [], 0, False
    while i < len(lit):
        c = lit[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(lit[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c == "#":
            while i < len(lit) and lit[i] != "\n":
                i += 1
            continue
        elif c == "`":  # raw string
            j = lit.index("`", i + 1)
            out.append(json.dumps(lit[i + 1:j]))
            i = j
        else:
            out.append(c)
        i += 1
    text = re.sub(r",(\s*[}\]])", r"\1", "".join(out))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    # a set of strings ({"a", "b"}) as a list
    text = re.sub(r'\{(\s*"(?:[^"\\]|\\.)*"\s*(?:,\s*"(?:[^"\\]|\\.)*"\s*)*)\}', r"[\1]", text)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def expectation(body, var):
    v = re.escape(var)
    if re.search(r"count\(" + v + r"\)\s*(==|=)\s*0\b", body):
        return False
    if re.search(r"count\(" + v + r"\)\s*(>\s*0|!=\s*0|==\s*[1-9]|=\s*[1-9]|>=\s*1)", body):
        return True
    if re.search(r"^\s*not\s+" + v + r"\b", body, re.M):
        return False
    if re.search(r"^\s*" + v + r"\[_\]\.msg\s*==", body, re.M):
        return True
    return None


def table_driven(body, test):
    """The cases of `some name, tc in {table}` … deny with input as <literal using tc.x> … count(r) == tc.expected; or a reason."""
    table_at = re.search(r"some\s+\w+,\s*tc\s+in\s+\{", body)
    deny = re.search(r"(\w+)\s*:?=\s*(?:\w+\.)?deny\s+with\s+input\s+as\s+(\w+|\{)", body)
    if not table_at or not deny:
        return "table-driven in a shape the runner does not read"
    table = rego_literal_to_json(body[table_at.end() - 1:balanced(body, table_at.end() - 1)])
    if deny.group(2) == "{":
        lit_start = deny.end() - 1
    else:
        var = re.search(r"\b" + deny.group(2) + r"\s*:=\s*\{", body)
        if not var:
            return "table-driven input from a helper"
        lit_start = var.end() - 1
    template = body[lit_start:balanced(body, lit_start)]
    after = body[deny.end():].split("\n", 1)[1] if "\n" in body[deny.end():] else ""
    data = check_data(after)
    if data is None and re.match(r"\s*with\s", after):
        return "replaces the check's own data (with … as …)"
    if table is None or not all(isinstance(tc, dict) and "expected" in tc for tc in table.values()):
        return "table-driven without an expected count"
    out = []
    for name, tc in table.items():
        literal = re.sub(r"\btc\.(\w+)", lambda x: json.dumps(tc.get(x.group(1))), template)
        obj = rego_literal_to_json(literal)
        if obj is None:
            return "table-driven input is not JSON once filled in"
        out.append({"test": f"{test}[{name}]", "input": obj, "deny": tc["expected"] > 0, "kube": None, "data": data})
    return out


def check_data(rest):
    """Trivy data a case sets for its check (`with data.ksv0125.trusted_registries as [...]`), as the JSON of a
    --config-data file; None when the case sets none (or sets something else)."""
    m = re.match(r"\s*with\s+data\.(ksv0125)\.(trusted_registries)\s+as\s+(\[[^\]]*\])", rest)
    if not m:
        return None
    value = rego_literal_to_json(m.group(3))
    return None if value is None else json.dumps({m.group(1): {m.group(2): value}}, sort_keys=True)


def helpers(tests):
    """The test file's one-parameter helpers (name(param) := {literal}) and string constants (name := "text")."""
    funcs, consts = {}, {}
    for m in re.finditer(r"^(\w+)\((\w+)\)\s*:=\s*\{", tests, re.M):
        start = m.end() - 1
        funcs[m.group(1)] = (m.group(2), tests[start:balanced(tests, start)])
    for m in re.finditer(r'^(\w+)\s*:=\s*("(?:[^"\\]|\\.)*")\s*$', tests, re.M):
        consts[m.group(1)] = json.loads(m.group(2))
    return funcs, consts


def substitute(template, param, argument):
    """The helper's literal with its parameter (a bare identifier outside strings) replaced by the argument's text."""
    out, i, in_str = [], 0, False
    while i < len(template):
        c = template[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(template[i + 1])
                i += 1
            elif c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
        m = re.match(r"[A-Za-z_]\w*", template[i:])
        if m and not re.match(r"\w", template[i - 1] if i else " "):
            out.append(argument if m.group(0) == param else m.group(0))
            i += len(m.group(0))
            continue
        out.append(c)
        i += 1
    return "".join(out)


NODE_INFO = "NodeInfo input (node-collector's report of a node's file modes, owners and kubelet flags): no manifest carries it"

cases, skipped, checks, node_checks = [], [], {}, []
for name in sorted(os.listdir(checks_dir)):
    if not name.endswith(".rego") or name.endswith("_test.rego"):
        continue
    text = open(os.path.join(checks_dir, name)).read()
    pkg = re.search(r"^package\s+\S+\.(K[SC]V\w+)", text, re.M | re.I)
    if not pkg:
        continue
    check = pkg.group(1).upper()
    test_path = os.path.join(checks_dir, name[:-5] + "_test.rego")
    tests = open(test_path).read() if os.path.exists(test_path) else None
    if re.search(r"^#\s+-?\s*kind:\s*nodeinfo\s*$", text, re.M | re.I):
        # the input selector names only node-collector's NodeInfo: Trivy runs these on a cluster's nodes, never on manifests
        node_checks.append(check)
        for test in re.findall(r"^(test_\w+)", tests or "", re.M):
            skipped.append((check, test, NODE_INFO))
        continue
    checks[check] = {"avdid": "AVD-" + (meta(text, "id") or ""), "severity": meta(text, "severity"), "title": meta(text, "title"),
                     "deprecated": "deprecated: true" in text}
    if tests is None:
        skipped.append((check, "-", "no _test.rego"))
        continue
    funcs, consts = helpers(tests)
    for m in re.finditer(r"^(test_\w+)(\[\w+\])?\s+if\s*\{", tests, re.M):
        start = m.end() - 1
        end = balanced(tests, start)
        body = tests[start:end]
        test = m.group(1)
        denies = list(re.finditer(r"(\w+)\s*:?=\s*(?:\w+\.)?deny\s+with\s+input\s+as\s+", body))
        if m.group(2):
            table_cases = table_driven(body, test)
            if isinstance(table_cases, str):
                skipped.append((check, test, table_cases))
            else:
                cases.extend({"check": check, **c} for c in table_cases)
            continue
        if len(denies) != 1:
            skipped.append((check, test, f"{len(denies)} deny evaluations in one case"))
            continue
        d = denies[0]
        var, lit_start = d.group(1), d.end()
        call = re.match(r"(\w+)\(", body[lit_start:])
        if call and call.group(1) in funcs and body[lit_start + call.end()] in "{[":
            arg_start = lit_start + call.end()
            arg_end = balanced(body, arg_start)
            param, template = funcs[call.group(1)]
            literal, lit_end = substitute(template, param, body[arg_start:arg_end]), arg_end + 1
        elif body[lit_start] == "{":
            lit_end = balanced(body, lit_start)
            literal = body[lit_start:lit_end]
        else:
            skipped.append((check, test, "input built by a helper or variable, not a literal"))
            continue
        obj = rego_literal_to_json(literal)
        rest = body[lit_end:]
        kube = None
        data = check_data(rest)
        with_data = re.match(r"\s*with\s+data\.k8s\.version\s+as\s+(\"[^\"]*\"|\w+)", rest)
        if data is not None:
            pass
        elif with_data:
            value = with_data.group(1)
            kube = json.loads(value) if value.startswith('"') else consts.get(value)
            if kube is None:
                skipped.append((check, test, "data.k8s.version from a variable that is not a string constant"))
                continue
        elif re.match(r"\s*with\s", rest):
            skipped.append((check, test, "replaces the check's own data table (with <rule> as <mock>)"))
            continue
        if obj is None:
            skipped.append((check, test, "input literal is not JSON (a set or an expression)"))
            continue
        expect = expectation(body, var)
        if expect is None:
            skipped.append((check, test, "no count() assertion to read the verdict from"))
            continue
        cases.append({"check": check, "test": test, "input": obj, "deny": expect, "kube": kube, "data": data})

# --- the metadata ---------------------------------------------------------------------------------------------
listed = {}
for line in subprocess.run([sk, "policy", "--list-checks"], capture_output=True, text=True, check=True).stdout.splitlines():
    cid, avd, sev, dep, title = line.split("\t")
    listed[cid] = {"avdid": avd, "severity": sev, "title": title, "deprecated": dep == "deprecated"}
meta_failures = []
for cid, m in sorted(checks.items()):
    got = listed.get(cid)
    if got is None:
        meta_failures.append(f"{cid}: not implemented")
    elif got != m:
        meta_failures.append(f"{cid}: metadata {got} != trivy-checks {m}")
for cid in sorted(set(listed) - set(checks)):
    if cid.startswith("SK-"):
        continue  # SecretsKit's own plain-text checks: no trivy-checks counterpart
    meta_failures.append(f"{cid}: not a trivy-checks {version} check")

# --- the cases, in one run per Kubernetes version and check data -----------------------------------------------
results = {}
with tempfile.TemporaryDirectory() as work:
    groups = {}
    for i, case in enumerate(cases):
        groups.setdefault((case["kube"], case["data"]), []).append((i, case))
    for n, ((kube, data), members) in enumerate(groups.items()):
        d = os.path.join(work, f"group-{n}")
        os.makedirs(d)
        for i, case in members:
            with open(os.path.join(d, f"case-{i:04d}.json"), "w") as f:
                json.dump(case["input"], f)
        args = [sk, "policy", "--include-deprecated-checks", "-o", "json", d]
        if kube:
            args += ["--kube-version", kube]
        if data:
            # the case's data as Trivy takes it: a --config-data file
            data_file = os.path.join(work, f"data-{n}.json")
            with open(data_file, "w") as f:
                f.write(data)
            args += ["--config-data", data_file]
        run = subprocess.run(args, capture_output=True, text=True, cwd=work)
        if run.returncode not in (0, 1):
            print(f"secretskit policy failed ({run.returncode}): {run.stderr.strip()}", file=sys.stderr)
            sys.exit(1)
        for finding in json.loads(run.stdout)["findings"]:
            i = int(re.search(r"case-(\d+)\.json", finding["origin"]).group(1))
            results.setdefault(i, []).append(finding)

failures = []
for i, case in enumerate(cases):
    got = [f["id"] for f in results.get(i, [])]
    if (case["check"] in got) != case["deny"]:
        failures.append((case, got))

passed = len(cases) - len(failures)
reasons = {}
for _, _, reason in skipped:
    reasons[reason] = reasons.get(reason, 0) + 1
summary = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1]))
print(f"trivy-checks {version} Kubernetes test cases through secretskit policy: {passed}/{len(cases)} runnable cases pass "
      f"({len(skipped)} skipped: {summary}); {len(checks)} checks on manifests, {len(checks) - len(meta_failures)} with the same ID, "
      f"AVD ID, severity and title ({len(node_checks)} NodeInfo checks left out: {min(node_checks, default='-')}–{max(node_checks, default='-')})")
for check, test, reason in skipped:
    print(f"  skipped {check} {test}: {reason}")
for case, got in failures:
    print(f"  FAIL {case['check']} {case['test']}: expected {'deny' if case['deny'] else 'allow'}, findings {sorted(set(got))}")
    if verbose:
        print("    input: " + json.dumps(case["input"]))
for line in meta_failures:
    print("  FAIL " + line)
sys.exit(0 if not failures and not meta_failures else 1)
