using System.Text.Json;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.GoTemplate;

/// <summary>
/// The real Go 1.19 <c>text/template</c> with sprig 3.2.3 (Debian packages), as the oracle program
/// tests/fixtures/go-template-oracle that scripts/go-template-oracle.sh builds into <c>.tools/go-template-oracle/</c>.
/// It reads case files and answers each case's output or error message.
/// </summary>
public static class GoTemplateOracle
{
    /// <summary>The folder of the built oracle and extractor.</summary>
    public static string ToolsDirectory => Path.Combine(SharedFixtures.RepositoryRoot, ".tools", "go-template-oracle");

    /// <summary>The hand-written case files (tests/fixtures/go-template-cases/*.json).</summary>
    public static IReadOnlyList<string> CaseFiles() =>
        Directory.GetFiles(Path.Combine(SharedFixtures.RepositoryRoot, "tests", "fixtures", "go-template-cases"), "*.json")
            .Order(StringComparer.Ordinal).ToList();

    private static string Binary(string name)
    {
        var path = Path.Combine(ToolsDirectory, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"the Go template oracle is not built at {path}: run scripts/setup.sh (scripts/go-template-oracle.sh)");
        }
        return path;
    }

    /// <summary>Go's answer per case, keyed by file and case name: (output, null) or (null, error message).</summary>
    public static async Task<IReadOnlyDictionary<(string File, string Name), (string? Output, string? Error)>> RunAsync(IEnumerable<string> files)
    {
        var run = await ProcessRun.RunAsync(Binary("oracle"), files, timeout: TimeSpan.FromMinutes(20));
        if (run.ExitCode != 0) throw new InvalidOperationException($"the Go template oracle failed ({run.ExitCode}): {run.Stderr}");
        using var doc = JsonDocument.Parse(run.Stdout);
        var answers = new Dictionary<(string, string), (string?, string?)>();
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var key = (r.GetProperty("file").GetString()!, r.GetProperty("name").GetString()!);
            var output = r.TryGetProperty("output", out var o) ? o.GetString() : null;
            var error = r.TryGetProperty("error", out var e) ? e.GetString() : null;
            answers[key] = (output, error);
        }
        return answers;
    }

    /// <summary>
    /// Cases taken at test time from the peers' own tests in the installed Debian sources (sprig's *_test.go, Go's
    /// text/template exec_test.go), written as case files into <paramref name="directory"/>; the file names found.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ExtractPeerCasesAsync(string directory)
    {
        var run = await ProcessRun.RunAsync(Binary("extract"), [directory], timeout: TimeSpan.FromMinutes(2));
        if (run.ExitCode != 0) throw new InvalidOperationException($"the Go case extractor failed ({run.ExitCode}): {run.Stderr}");
        return Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
    }
}
