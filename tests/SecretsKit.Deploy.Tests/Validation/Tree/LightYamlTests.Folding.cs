using SecretsKit.Deploy.Tests.Validation;
using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.Validation.Tree;

/// <summary>
/// Multi-line flow scalars (plain, single- and double-quoted, folded over lines): the light parser's tree equals
/// YamlDotNet's for a checked-in corpus, for generated documents and mutations of both, and for Gateway API's CRDs,
/// which it must read without falling back.
/// </summary>
public sealed partial class LightYamlTests
{
    private const string GatewayChart = ".tools/gateway-bench/chart";

    private static List<string> Corpus(string file) =>
        Documents(File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "tests", "fixtures", "light-yaml", file))).ToList();

    [Fact]
    public void Light_parse_reads_the_folded_corpus_as_YamlDotNet_does()
    {
        var docs = Corpus("folded.yaml");
        Assert.True(docs.Count >= 10);
        foreach (var doc in docs) Assert.True(Compare(doc) == Outcome.Light, $"the light parser left this to YamlDotNet:\n{doc}");
    }

    [Fact]
    public void Light_parse_leaves_the_folded_fallback_corpus_to_YamlDotNet()
    {
        var docs = Corpus("folded-fallback.yaml");
        Assert.True(docs.Count >= 10);
        foreach (var doc in docs) Assert.True(Compare(doc) == Outcome.Fallback, $"the light parser read this itself:\n{doc}");
    }

    [Fact]
    public void Light_parse_agrees_with_YamlDotNet_on_generated_multi_line_scalars()
    {
        var outcomes = new Dictionary<Outcome, int>();
        for (var seed = 0; seed < 3000; seed++)
        {
            var outcome = Compare(new FoldedYamlGenerator(seed).Document());
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        // most generated documents are inside the subset; the rest (a risky word, a shallow line) must fall back
        Assert.True(outcomes.GetValueOrDefault(Outcome.Light) > 1500, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault(Outcome.Fallback) > 100, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault(Outcome.YamlDotNetFailed) < 30, Describe(outcomes));
    }

    [Fact]
    public void Light_parse_agrees_with_YamlDotNet_on_mutations_of_multi_line_scalars()
    {
        var sources = Corpus("folded.yaml").Concat(GatewayFragments()).ToList();
        const string Alphabet = " \n'\"\\:#-x";
        var outcomes = new Dictionary<Outcome, int>();
        for (var seed = 0; seed < 3000; seed++)
        {
            var random = new Random(seed);
            var doc = new StringBuilder(sources[random.Next(sources.Count)]);
            var outcome = Compare(Mutate(doc, random, random.Next(1, 4), Alphabet).ToString());
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(outcomes.GetValueOrDefault(Outcome.Light) > 300, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault(Outcome.YamlDotNetFailed) < 30, Describe(outcomes));
    }

    [Fact]
    public async Task Light_parse_reads_the_Gateway_API_chart_with_its_CRDs_without_falling_back()
    {
        var chart = Path.Combine(SharedFixtures.RepositoryRoot, GatewayChart);
        if (!Directory.Exists(chart)) return; // made by bench/gateway-chart.sh (Gateway API's CRDs are never in this repository)
        var rendered = await HelmTemplateAsync("r", chart, "--include-crds");
        var docs = Documents(rendered).ToList();
        var fallbacks = docs.Where(d => Compare(d) != Outcome.Light).Select(d => d.Split('\n').FirstOrDefault(l => l.StartsWith("# Source:", StringComparison.Ordinal))).ToList();
        Assert.True(docs.Count > 60, $"{docs.Count} documents");
        Assert.True(rendered.Contains("rule: '", StringComparison.Ordinal) && rendered.Contains("\n                    == ", StringComparison.Ordinal), "no multi-line CEL rule in the rendering");
        Assert.Empty(fallbacks);
    }

    /// <summary>
    /// Pieces of Gateway API's CRDs (when bench/gateway-chart.sh has fetched them): a key line holding a flow scalar that
    /// goes on over more lines, with the lines deeper than it, moved to column 0.
    /// </summary>
    private static IEnumerable<string> GatewayFragments()
    {
        var crds = Path.Combine(SharedFixtures.RepositoryRoot, GatewayChart, "crds");
        if (!Directory.Exists(crds)) yield break;
        foreach (var file in Directory.GetFiles(crds, "*.yaml").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i + 1 < lines.Length; i++)
            {
                var content = lines[i].TrimStart(' ');
                var indent = Indent(lines[i]) + (content.StartsWith("- ", StringComparison.Ordinal) ? 2 : 0);
                content = content.TrimStart('-', ' ');
                if (!(content.StartsWith("rule: ", StringComparison.Ordinal) || content.StartsWith("message: ", StringComparison.Ordinal)) || Indent(lines[i + 1]) <= indent) continue;
                var end = i + 1;
                while (end < lines.Length && end - i < 40 && Indent(lines[end]) > indent) end++;
                yield return content + "\n" + string.Join('\n', lines[(i + 1)..end].Select(l => l[Math.Min(indent, l.Length)..])) + "\n";
            }
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Describe(Dictionary<Outcome, int> outcomes) =>
        string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"));
}
