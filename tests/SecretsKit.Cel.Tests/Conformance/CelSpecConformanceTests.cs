using Xunit.Abstractions;

namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>Runs cel-spec's simple conformance files when tests/peers/cel-spec-conformance.sh has extracted them into
/// .tools/cel-spec (no files: skipped with that reason, never passed unchecked): pass counts per file, every failure and skip
/// reason printed; at least 98 % of the runnable cases must pass. Files of cel-go extensions that Kubernetes does not
/// enable and this interpreter does not implement are run and printed but not counted.</summary>
public sealed class CelSpecConformanceTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> NotImplementedExtensions = new(StringComparer.Ordinal)
    {
        "block_ext", "encoders_ext",
    };

    private sealed class CelSpecFactAttribute : FactAttribute
    {
        public CelSpecFactAttribute()
        {
            if (FindDirectory() is null) Skip = "cel-spec's conformance files are not fetched: run tests/peers/cel-spec-conformance.sh (developer-run; CI reaches no source of them)";
        }
    }

    [CelSpecFact]
    public void Simple_conformance_files_pass()
    {
        var directory = FindDirectory()!;
        var (passed, runnable) = (0, 0);
        foreach (var file in Directory.GetFiles(directory, "*.textproto").Order(StringComparer.Ordinal))
        {
            var cases = ConformanceCase.Read(Path.GetFileNameWithoutExtension(file), TextProtoReader.Parse(File.ReadAllText(file))).ToList();
            var run = cases.Where(c => c.SkipReason is null).ToList();
            var failures = run.Select(c => (Case: c, Failure: ConformanceRunner.Run(c))).Where(r => r.Failure is not null).ToList();
            var counted = !NotImplementedExtensions.Contains(Path.GetFileNameWithoutExtension(file));
            if (counted)
            {
                passed += run.Count - failures.Count;
                runnable += run.Count;
            }
            output.WriteLine($"{Path.GetFileName(file)}: {run.Count - failures.Count}/{run.Count} pass, {cases.Count - run.Count} skipped"
                + (counted ? "" : " (extension not implemented: not counted)"));
            foreach (var (c, failure) in failures)
                output.WriteLine($"  FAIL {c.Id}: {c.Expr} -> {failure}");
            foreach (var reason in cases.Where(c => c.SkipReason is not null).GroupBy(c => c.SkipReason))
                output.WriteLine($"  skipped {reason.Count()}: {reason.Key}");
        }
        output.WriteLine($"total: {passed}/{runnable} runnable cases pass ({100.0 * passed / Math.Max(1, runnable):F1} %)");
        Assert.True(passed >= runnable * 0.98, $"{passed}/{runnable} conformance cases pass, below 98 %");
    }

    private static string? FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "cel-spec");
            if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.textproto").Length > 0)
                return candidate;
        }
        return null;
    }
}
