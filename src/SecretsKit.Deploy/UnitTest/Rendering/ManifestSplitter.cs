using System.Text.RegularExpressions;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.UnitTest.Values;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// Splits <c>helm template</c>'s output into documents per template by its <c>---</c> / <c># Source: path</c> headers,
/// each document read as YAML within the input budgets (helm drops empty documents). The NOTES.txt stand-in document
/// of a text template (see <see cref="TextStandIn"/>) goes back under the template's own path as raw text (a wrapped
/// YAML template's as its documents). With
/// <c>sources</c>, each template's rendered text (its documents joined by <c>---</c>; a text template's text) is kept
/// for a post-renderer.
/// </summary>
internal static partial class ManifestSplitter
{
    public static Dictionary<string, List<object?>> Split(string output, Dictionary<string, string>? sources = null)
    {
        var byTemplate = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var matches = SourceHeader().Matches(output);
        for (var i = 0; i < matches.Count; i++)
        {
            var source = matches[i].Groups[1].Value.TrimEnd('\r');
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : output.Length;
            var body = output[start..end];
            var doc = Read(body, source);
            if (TextStandIn.IsStandIn(source) && doc is IReadOnlyDictionary<string, object?> m && m.GetValueOrDefault(TextStandIn.PathKey) is string textPath && m.ContainsKey(TextStandIn.TextKey))
            {
                var text = m[TextStandIn.TextKey] as string ?? "";
                byTemplate[textPath] = textPath.EndsWith(".txt", StringComparison.Ordinal) ? [Raw(text)] : Documents(textPath, text);
                sources?.TryAdd(textPath, text);
                continue;
            }
            if (sources is not null) sources[source] = sources.TryGetValue(source, out var before) ? before + "---\n" + body : body;
            if (!byTemplate.TryGetValue(source, out var docs)) byTemplate[source] = docs = [];
            docs.Add(doc);
        }
        return byTemplate;
    }

    /// <summary>
    /// A post-renderer's output file (<see cref="PostRenderer"/>): its YAML documents (empty ones dropped), or for a
    /// <c>.txt</c> template its text under <c>raw</c>, as helm-unittest reads rendered files.
    /// </summary>
    public static List<object?> Documents(string template, string text)
    {
        if (template.EndsWith(".txt", StringComparison.Ordinal)) return [Raw(text)];
        var docs = new List<object?>();
        foreach (var body in DocumentStart().Split(text))
        {
            if (body.Trim().Length == 0) continue;
            var doc = Read(body, template);
            if (doc is not IReadOnlyDictionary<string, object?> { Count: 0 }) docs.Add(doc);
        }
        return docs;
    }

    /// <summary>A text template's document: its text under <c>raw</c>.</summary>
    public static Dictionary<string, object?> Raw(string text) => new(StringComparer.Ordinal) { [ManifestValues.RawKey] = text };

    private static object? Read(string body, string source)
    {
        try
        {
            return Load(body);
        }
        catch (YamlException)
        {
            // go-yaml reads a block scalar whose first lines hold only (more) spaces; YamlDotNet does not: blank them
        }
        try
        {
            return Load(BlankLines().Replace(body, ""));
        }
        catch (YamlException e)
        {
            throw new RenderException($"{source}: rendered manifest is not YAML: line {e.Start.Line}: {e.Message}");
        }
    }

    private static object? Load(string body)
    {
        var stream = BoundedYaml.Load(body);
        return stream.Documents.Count == 0 ? new Dictionary<string, object?>(StringComparer.Ordinal) : TemplateYaml.FromNode(stream.Documents[0].RootNode);
    }

    [GeneratedRegex(@"(?m)^---[ \t]*(?:#.*)?\r?$\n?", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentStart();

    [GeneratedRegex(@"(?m)^[ \t]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"(?m)^---\r?\n# Source: (.+)\n", RegexOptions.CultureInvariant)]
    private static partial Regex SourceHeader();
}
