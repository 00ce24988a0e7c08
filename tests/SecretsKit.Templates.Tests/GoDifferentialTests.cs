using System.Text.RegularExpressions;
using SecretsKit.Go.Text;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;
using SecretsKit.Testing.GoTemplate;
using Xunit.Abstractions;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// The differential test of issue #44: every case runs through the real Go 1.23 <c>text/template</c> with sprig 3.2.3
/// (the oracle scripts/setup.sh builds from Debian packages) and through SecretsKit's engine; outputs must be equal
/// (or both match the case's shape, for nondeterministic functions), errors must be errors with Go's message.
/// Cases with a documented <c>deviation</c> are counted and listed, not failed.
/// </summary>
public sealed class GoDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hand_written_cases_agree_with_real_Go_and_sprig()
    {
        await CompareAsync(GoTemplateOracle.CaseFiles());
    }

    [Fact]
    public async Task Cases_from_sprig_and_go_own_tests_agree_with_real_Go_and_sprig()
    {
        using var dir = new TempDir("go-peer-cases-");
        var files = await GoTemplateOracle.ExtractPeerCasesAsync(dir.Path);
        Assert.NotEmpty(files);
        await CompareAsync(files);
    }

    private async Task CompareAsync(IReadOnlyList<string> files)
    {
        var cases = files.SelectMany(GoTemplateCase.Load).ToList();
        var duplicate = cases.GroupBy(c => (c.File, c.Name)).FirstOrDefault(g => g.Count() > 1);
        Assert.True(duplicate is null, $"case names must be unique per file: {duplicate?.Key}");
        var go = await GoTemplateOracle.RunAsync(files);
        var disagreements = new List<string>();
        var deviations = 0;
        foreach (var c in cases)
        {
            var (goOut, goErr) = go[(c.File, c.Name)];
            var (ours, ourErr) = Run(c);
            // the oracle answers in JSON, where Go writes each byte that is not UTF-8 as U+FFFD
            (ours, ourErr) = (AsGoJson(ours), AsGoJson(ourErr));
            var agree = c.Shape is { } shape
                ? goOut is not null && ours is not null && Regex.IsMatch(goOut, shape) && Regex.IsMatch(ours, shape)
                : goOut is not null ? ours == goOut : ourErr == goErr;
            if (agree) continue;
            var line = $"{c.File} {c.Name}: {c.Template}\n    go:  {Show(goOut, goErr)}\n    ours: {Show(ours, ourErr)}";
            if (c.Deviation is { } reason)
            {
                deviations++;
                output.WriteLine($"deviation ({reason}) {line}");
                continue;
            }
            disagreements.Add(line);
        }
        output.WriteLine($"cases run: {cases.Count}; agree: {cases.Count - disagreements.Count - deviations}; documented deviations: {deviations}; disagreements: {disagreements.Count}");
        foreach (var d in disagreements) output.WriteLine(d);
        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} of {cases.Count} cases disagree with Go:\n" + string.Join("\n", disagreements.Take(40)));
    }

    private static string? AsGoJson(string? s) =>
        s is null || !GoString.HasEscapes(s) ? s : string.Concat(GoString.Runes(s).Select(r => r.ToString()));

    private static string Show(string? output, string? error) =>
        output is not null ? "output " + Quote(output) : "error " + Quote(error ?? "");

    private static string Quote(string s) => GoValues.Quote(s.Length > 300 ? s[..300] + "…" : s);

    private static (string? Output, string? Error) Run(GoTemplateCase c)
    {
        var options = new TemplateOptions(GoDifferentialFlavours.MissingKeyIsError(c.Flavour, c.MissingKey))
        {
            // the same per-case limit as the oracle's: a key search on a loaded runner must not read as a disagreement
            Limits = new TemplateLimits { MaxDuration = TimeSpan.FromMinutes(2), MaxOutput = 16 << 20 },
        };
        try
        {
            var data = GoDifferentialFlavours.Data(c.Flavour, c.StringData, c.Data);
            return (Template.Render(c.TemplateName, c.Template, data, GoDifferentialFlavours.Functions(c.Flavour), options), null);
        }
        catch (GoTemplateException e)
        {
            return (null, e.Message);
        }
#pragma warning disable CA1031 // an engine crash is reported as this case's disagreement, not as the whole run's failure
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (null, $"internal error {e.GetType().Name}: {e.Message}");
        }
    }
}
