using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// The emitter's shortcuts give what libyaml's code-point loop gives: the visible-ASCII analysis, and writing scalars
/// and the UTF-8 output without walking every code point.
/// </summary>
public sealed class YamlScalarAnalysisTests
{
    // Every indicator position that matters: first character, later, last, and "---"/"..." prefixes.
    private const string Alphabet = "a0#,[]{}&*!|>'\"%@`?:-.";

    [Fact]
    public void Visible_ascii_shortcut_matches_the_full_analysis_for_every_short_string()
    {
        var checkedCount = 0;
        foreach (var s in Strings(3))
        {
            Assert.True(YamlScalarAnalysis.AnalyzeRunes(s) == YamlScalarAnalysis.Analyze(s), $"analysis differs for '{s}'");
            checkedCount++;
        }
        foreach (var s in new[] { "---", "---x", "...", "...a:", "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]", "a:b", "a#b", "-a", "?a" })
        {
            Assert.True(YamlScalarAnalysis.AnalyzeRunes(s) == YamlScalarAnalysis.Analyze(s), $"analysis differs for '{s}'");
        }
        Assert.True(checkedCount > 10_000);
    }

    [Fact]
    public void Emit_of_long_non_ascii_text_round_trips_across_builder_chunks()
    {
        // Long enough that the emitter's builder holds it in several chunks; comments keep astral characters as they are,
        // so surrogate pairs land on chunk boundaries at both offset parities.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F510", 6000));
        var accents = string.Concat(Enumerable.Repeat("é", 9000));
        var tree = new SopsTree([new TreeBranch([
            TreeItem.Comment(" " + emoji),
            new TreeItem("a", new StringValue(accents)),
            TreeItem.Comment(" x" + emoji),
            new TreeItem("b", new StringValue("it's " + accents)),
        ])]);
        var format = new YamlFormat();
        var bytes = format.EmitPlain(tree);
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("# " + emoji + "\n", text, StringComparison.Ordinal);
        Assert.Contains("# x" + emoji + "\n", text, StringComparison.Ordinal);
        Assert.Contains("\nb: it's " + accents + "\n", text, StringComparison.Ordinal);
        Assert.Equal(tree, format.ParsePlain(bytes));
    }

    private static IEnumerable<string> Strings(int maxLength)
    {
        var current = new List<string> { "" };
        for (var length = 1; length <= maxLength; length++)
        {
            var next = new List<string>();
            foreach (var prefix in current)
            {
                foreach (var c in Alphabet) next.Add(prefix + c);
            }
            foreach (var s in next) yield return s;
            current = next;
        }
    }
}
