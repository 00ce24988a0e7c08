using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// Where a manifest stream splits into documents: the separator line as a multi-line regular expression defines it
/// (<c>^---[ \t]*(?:#.*)?$</c>, the definition the scanner replaced, kept here as its oracle), found in text and in UTF-8
/// bytes alike; and a source read as bytes validates as the same source given as text.
/// </summary>
public sealed partial class RenderedDocumentRangesTests
{
    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^# Source: (?<t>[^\r\n]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Source();

    /// <summary>The ranges as the regular expression gives them: (text of each document, its first line).</summary>
    private static List<(string Text, int Line)> Expected(string text)
    {
        var documents = new List<(string, int)>();
        var start = 0;
        var line = 1;
        foreach (Match m in Separator().Matches(text))
        {
            documents.Add((text[start..m.Index], line));
            line += text.AsSpan(start, m.Index + m.Length - start).Count('\n');
            start = m.Index + m.Length;
        }
        documents.Add((text[start..], line));
        return documents;
    }

    private static readonly string[] Pieces =
    [
        "---", "----", " ---", "--- ", "---\t", "--- \t# a comment", "---#", "---x", "--- x", "-- -", "...", "\n", "\n", "\n",
        "\r\n", "\r", "a: b", "kind: é", "# Source: t.yaml", "# Source: ", "# Source:  ü.yaml \r", "#", "\t", " ", "-",
        "\u00e9---", "\ud83d\ude00",
    ];

    [Fact]
    public void Text_and_utf8_bytes_split_where_the_separator_expression_matches()
    {
        var random = new Random(62);
        var cases = new List<string> { "", "---", "---\n", "\n---", "a\n---\nb", "---\n---\n", "----\n---x\n--- #c\nz", " ---\n---\t\n" };
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 14); n > 0; n--) text.Append(Pieces[random.Next(Pieces.Length)]);
            cases.Add(text.ToString());
        }
        var separators = 0;
        var templates = 0;
        foreach (var text in cases)
        {
            var expected = Expected(text);
            separators += expected.Count - 1;
            var fromText = RenderedDocument.Ranges(text).Select(r => (text[r.Start..r.End], r.Line)).ToList();
            Assert.Equal(expected, fromText);
            var utf8 = Encoding.UTF8.GetBytes(text);
            var byteRanges = RenderedDocument.Ranges(utf8);
            var fromBytes = byteRanges.Select(r => (Encoding.UTF8.GetString(utf8.AsSpan(r.Start, r.End - r.Start)), r.Line)).ToList();
            Assert.Equal(expected, fromBytes);
            var textRanges = RenderedDocument.Ranges(text);
            for (var d = 0; d < expected.Count; d++)
            {
                // the template helm's first "# Source:" line names, as the expression reads it, from text and from bytes
                // (a document of comments only is dropped, and names none)
                var template = Source().Match(expected[d].Text) is { Success: true } m ? m.Groups["t"].Value.Trim() : null;
                var parsedText = RenderedDocument.Parse(text, textRanges[d], new RepeatedValues());
                var parsedBytes = RenderedDocument.Parse(utf8, byteRanges[d], new RepeatedValues());
                Assert.Equal(parsedText is null, parsedBytes is null);
                if (parsedText is null) continue;
                Assert.Equal(template, parsedText.Template);
                Assert.Equal(template, parsedBytes!.Template);
                Assert.Equal(parsedText.ParseError, parsedBytes.ParseError);
                templates += template is null ? 0 : 1;
            }
        }
        Assert.True(separators > 500, $"the generated streams hold {separators} separators: too few to tell anything");
        Assert.True(templates > 300, $"the generated documents name {templates} templates: too few to tell anything");
    }

    [Fact]
    public async Task A_source_read_as_bytes_gives_the_report_the_same_source_as_text_gives()
    {
        // a CRD with CEL rules, documents that pass and fail, a YAML error, a List, non-ASCII text and an invalid byte
        var text = new StringBuilder(Rules.CelRuleCheckTests.Crd);
        for (var i = 0; i < 12; i++)
        {
            text.Append("---\n# Source: chart/templates/d").Append(i).Append(".yaml\n");
            text.Append((i % 4) switch
            {
                0 => $"apiVersion: example.com/v1\nkind: Route\nmetadata: {{name: r{i}, annotations: {{note: \"é\u00e8 ✓\"}}}}\nspec: {{replicas: {9 + i}}}\n",
                1 => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}\n  labels: [unclosed\n",
                2 => $"apiVersion: v1\nkind: List\nitems:\n- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: Bad_{i}}}, data: {{'a b': x}}}}\n",
                _ => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\ndata: {{k: \"INVALID\"}}\n",
            });
        }
        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        var invalid = Encoding.UTF8.GetBytes("INVALID");
        var at = utf8.AsSpan().IndexOf(invalid);
        utf8[at] = 0xC3; // a lead byte with no continuation: read as U+FFFD by both
        var decoded = Encoding.UTF8.GetString(utf8);
        Assert.Contains('\uFFFD', decoded);
        var validator = () => new ManifestValidator(new ValidationOptions());
        var fromText = await validator().ValidateAsync([new ManifestSource("input.yaml", decoded, "web")], null, CancellationToken.None);
        var source = ManifestSource.FromUtf8("input.yaml", utf8, utf8.Length, "web");
        var fromBytes = await validator().ValidateAsync([source], null, CancellationToken.None);
        Assert.True(fromText.Issues.Count >= 6, fromText.RenderText());
        Assert.Contains(fromText.Issues, i => i.ToString().Contains("not valid YAML (line", StringComparison.Ordinal));
        Assert.Equal(fromText.RenderText(), fromBytes.RenderText());
        Assert.Equal(ValidationReportJson.Write(fromText), ValidationReportJson.Write(fromBytes));
        Assert.Equal(decoded, source.Text); // decoded when asked for, as a decoder reads it
    }
}
