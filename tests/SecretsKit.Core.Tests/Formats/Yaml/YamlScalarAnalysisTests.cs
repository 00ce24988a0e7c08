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

    [Fact]
    public void Utf8_output_equals_encoding_the_whole_text_when_chunks_split_surrogates()
    {
        // Pairs, lone high and low surrogates, and 1-, 2- and 3-byte characters, appended one by one to a builder that
        // starts with one char of capacity, so chunk boundaries fall between the halves of many pairs.
        char[] alphabet = ['a', 'é', '€', '\uD83D', '\uDD10'];
        var random = new Random(6);
        var splitPairs = 0;
        for (var round = 0; round < 300; round++)
        {
            var builder = new StringBuilder(1);
            var length = random.Next(1, 400);
            for (var i = 0; i < length; i++) builder.Append(alphabet[random.Next(alphabet.Length)]);
            foreach (var chunk in builder.GetChunks())
            {
                if (chunk.Length > 0 && char.IsHighSurrogate(chunk.Span[^1])) splitPairs++;
            }
            Assert.Equal(Encoding.UTF8.GetBytes(builder.ToString()), YamlEmitter.Utf8(builder));
        }
        Assert.True(splitPairs > 50, "the builders should end chunks on high surrogates");
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
