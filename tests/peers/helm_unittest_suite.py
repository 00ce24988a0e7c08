#!/usr/bin/env python3
"""Compares `secretskit unittest` with helm-unittest's runner tests (see helm-unittest-suite.sh).

Each case is one of helm-unittest's TestV3Runner* tests: the chart, -f glob and flags it runs with, and the name of its
expected output in pkg/unittest/.snapshots. A case runs from <suite>/pkg/unittest, as helm-unittest's tests do, so the
suite paths in both outputs read the same (../../test/data/v3/...). `secretskit unittest` may run as a .dll or a native
binary (SECRETSKIT_BIN / the second argument).
"""
import os
import re
import subprocess
import sys

V3 = "../../test/data/v3/"
# cases that run only when this machine has what they need (see requirement())
NEEDS_YQ = "needs-yq"
# (snapshot, chart, args, skip reason or None)
CASES = [
    ("TestV3RunnerOkWithPassedTests", "basic", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithFailedTests", "basic", ["-f", "tests_failed/*_test.yaml"], None),
    ("TestV3RunnerOkWithOverrideValuesPassedTests", "basic", ["-f", "tests/*_test.yaml", "-v", "../../test/data/services_values.yaml"], None),
    ("TestV3RunnerOkWithSubSubChartsPassedTests", "with-subsubcharts", ["-f", "tests/*_test.yaml", "--with-subchart"], None),
    ("TestV3RunnerOkWithFailingTemplatePassedTest", "failing-template", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithSubSubfolder", "with-subfolder", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerWithTestsInSubchart", "with-subchart", ["-f", "tests/*_test.yaml", "--with-subchart"], None),
    ("TestV3RunnerWithTestsInSubchartButFlagFalse", "with-subchart", ["-f", "tests/*_test.yaml", "--with-subchart=false"], None),
    ("TestV3RunnerOkGlobalDoubleWithPassedTests", "global-double-setting", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithFiles", "with-files", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithFullsnapshot", "full-snapshot", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithDocumentSelector", "with-document-select", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithDocumentSelectorWithFailedTests", "with-document-select", ["-f", "tests_failed/*_test.yaml"], None),
    ("TestV3RunnerOkWithSchemaValidation", "with-schema", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithFakeK8sClient", "with-k8s-fake-client", ["-f", "tests/*_test.yaml"], None),
    ("TestV3RunnerOkWithPostRenderer", "with-post-renderer", ["-f", "tests/*_test.yaml"], NEEDS_YQ),
    ("TestV3RunnerOkWithRenderedTests", "with-helm-tests", ["--chart-tests-path", "tests-chart"], None),
    # a packaged chart: helm-unittest joins the -f globs to the archive's path as if it were a folder (Go's filepath.Join
    # takes `x.tgz/..` away lexically), so these globs find no suite, and the case checks the chart's header and exit code
    ("TestV3RunnerOkPackagedChart", "with-packaged-0.1.0.tgz",
     ["-f", "../../test/data/external/tests/*.yaml", "-v", "../../test/data/external/ns_values.yaml", "--with-subchart=false"], None),
    ("TestV3RunnerOkPackagedChartWithExternalUnittest", "with-subchart/charts/postgresql-0.8.3.tgz",
     ["-f", "../../test/data/external/*.yaml", "--with-subchart=false"], None),
]

# runner tests that check the summary lines, the exit code or the output file rather than a snapshot:
# (test, chart, args, strings the output must hold, passes?); OUTPUT stands for a file in a folder that does not exist yet
OUTPUT = "{output}"
CHECKED = [
    ("TestV3RunnerOkWithSkippedTestsWhenSubchartDisabledOnCondition", "with-disabled-subchart-on-condition",
     ["-f", "tests/*_test.yaml", "--with-subchart"], ["Charts:      1 passed, 1 total", "Test Suites: 0 passed, 0 total"], True),
    ("TestV3RunnerOkWithSkippedTestsWhenSubchartDisabledOnTags", "with-disabled-subchart-on-tags",
     ["-f", "tests/*_test.yaml", "--with-subchart"], ["Charts:      1 passed, 1 total", "Test Suites: 4 passed, 4 total"], True),
    ("TestV3RunnerOkWithDocumentSelect", "with-document-select", ["-f", "tests/*_test.yaml"],
     ["Test Suites: 8 passed, 8 total", "Tests:       13 passed, 13 total"], True),
    ("TestV3RunnerOkWithPassedTestsDifferentFormatter", "basic", ["-f", "tests/*_test.yaml", "-o", OUTPUT, "-t", "Sonar"], [], True),
    ("TestV3RunnerOk_With_FailFast_NoPanic", "failing-template", ["-f", "tests/*_test.yaml", "--failfast"], [], True),
    ("TestV3RunnerInvalidTestSuiteFailfast", "invalidbasic", ["-f", "tests/*_test.yaml", "--failfast"], [], False),
]

# suites where secretskit unittest differs for a reason outside its engine: (case, suite path) -> reason
KNOWN = {}

SUITE = re.compile(r"^(?:\x1b\[[0-9;]*m)? (PASS|FAIL|SKIP) (?:\x1b\[[0-9;]*m)? ?(.*?)\t(?:\x1b\[[0-9;]*m)?(.*?)(?:\x1b\[0m)?(\S+)$")
ASSERT = re.compile(r"^\t\t(?:\x1b\[[0-9;]*m)?(- asserts\[\d+\](?: NOT)? `\w+` fail)")


def parse(text):
    """[(label, name, path, [assertion titles])] in order of appearance."""
    suites = []
    for line in text.splitlines():
        m = re.match(r"^ (PASS|FAIL|SKIP)  (.*)\t(.*)$", line)
        if m:
            suites.append([m.group(1), m.group(2).strip(), m.group(3).strip(), []])
            continue
        a = ASSERT.match(line)
        if a and suites:
            suites[-1][3].append(a.group(1))
    return suites


def charts(text):
    """[(name, path)] of each `### Chart [ name ] path` header, in order."""
    return re.findall(r"^### Chart \[ (.*?) \] (.*)$", re.sub(r"\x1b\[[0-9;]*m", "", text), re.M)


def requirement(reason):
    """The skip reason of a case, or None when this machine can run it."""
    if reason == NEEDS_YQ:
        try:
            out = subprocess.run(["yq", "--version"], capture_output=True, text=True).stdout
        except OSError:
            out = ""
        if "mikefarah" in out:
            return None
        return ("its postRenderer runs mikefarah's yq v4, which neither Debian (its yq is the jq wrapper) nor an npm "
                "package installable here provides (its Go module needs Go 1.21+, Debian has 1.19); secretskit's own "
                "post-renderer tests run sed and scripts")
    return reason


def run(sk, chart, args, cwd):
    cmd = ["dotnet", sk] if sk.endswith(".dll") else [sk]
    p = subprocess.run(cmd + ["unittest", V3 + chart] + args, cwd=cwd, capture_output=True, text=True, timeout=1800)
    return p.returncode, p.stdout + p.stderr


def run_checked(sk, cwd, filters, problems):
    """The CHECKED cases: (agreeing, run)."""
    import tempfile
    agree = count = 0
    for name, chart, args, wanted, passes in CHECKED:
        if filters and not any(f in name for f in filters):
            continue
        count += 1
        with tempfile.TemporaryDirectory() as tmp:
            output_file = os.path.join(tmp, "not", "yet", "output.txt")
            code, output = run(sk, chart, [a.replace(OUTPUT, output_file) for a in args], cwd)
            bad = [f"output lacks {w!r}" for w in wanted if w not in output]
            if (code == 0) != passes:
                bad.append(f"exit code {code}, expected {'0' if passes else 'non-zero'}")
            if OUTPUT in args and not os.path.isfile(output_file):
                bad.append("the output file was not created")
        if bad:
            problems.append(f"{name}: " + "; ".join(bad))
        else:
            agree += 1
    return agree, count


def main():
    suite_dir, sk, tag = sys.argv[1], sys.argv[2], sys.argv[3]
    verbose = "-v" in sys.argv[4:]
    filters = [a for a in sys.argv[4:] if a != "-v"]
    cwd = os.path.join(suite_dir, "pkg", "unittest")
    agree = total = headers_agree = headers = 0
    skipped, problems, known = [], [], []
    for name, chart, args, reason in CASES:
        if filters and not any(f in name for f in filters):
            continue
        reason = requirement(reason)
        if reason:
            skipped.append((name, reason))
            continue
        expected_text = open(os.path.join(cwd, ".snapshots", name), encoding="utf-8").read()
        expected = parse(expected_text)
        code, output = run(sk, chart, args, cwd)
        headers += 1
        if charts(output) == charts(expected_text):
            headers_agree += 1
        else:
            problems.append(f"{name}: chart headers {charts(output)}, expected {charts(expected_text)}")
        if verbose:
            print(f"=== {name}\n{output}")
        got = {(s[2], s[1]): s for s in parse(output)}
        known_here = False
        for label, suite, path, asserts in expected:
            total += 1
            mine = got.get((path, suite))
            if (name, path) in KNOWN and (mine is None or mine[0] != label):
                known.append(f"{name}: {path}: {KNOWN[(name, path)]}")
                known_here = True
                continue
            if mine is None:
                problems.append(f"{name}: {path} ({suite}) missing, expected {label}")
            elif mine[0] != label:
                problems.append(f"{name}: {path} ({suite}) {mine[0]}, expected {label}")
            elif sorted(mine[3]) != sorted(asserts):
                problems.append(f"{name}: {path} ({suite}) fails {sorted(mine[3])}, expected {sorted(asserts)}")
            else:
                agree += 1
        should_pass = all(s[0] != "FAIL" for s in expected)
        if (code == 0) != should_pass and not known_here:
            problems.append(f"{name}: exit code {code}, expected {'0' if should_pass else '1'}")
    checked_agree, checked = run_checked(sk, cwd, filters, problems)
    print(f"helm-unittest {tag} runner cases through secretskit unittest: {agree}/{total} suites agree, "
          f"{headers_agree}/{headers} cases' chart headers agree, {checked_agree}/{checked} summary/exit/output-file cases agree "
          f"({len(known)} known differences, {len(skipped)} cases skipped)")
    for k in known:
        print(f"  known difference {k}")
    for name, reason in skipped:
        print(f"  skipped {name}: {reason}")
    for p in problems:
        print(f"  DIFFERS {p}")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
