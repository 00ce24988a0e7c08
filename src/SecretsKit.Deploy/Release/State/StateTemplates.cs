using System.Text.RegularExpressions;
using SecretsKit.Deploy.Release.Templates;
using SecretsKit.Go.Values;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Renders state files and release fields with helmfile's template data: <c>.Environment</c> (Name, KubeContext,
/// Values), <c>.Values</c>/<c>.StateValues</c>, and in release templates <c>.Release</c> (Name, Namespace, Chart,
/// Labels, KubeContext). A state file is rendered part by part (<c>---</c>), each keeping its line numbers.
/// </summary>
internal sealed partial class StateTemplates(StateLoadOptions options)
{
    [GeneratedRegex(@"^---[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    public static Dictionary<string, object?> Data(string environment, string? kubeContext, Dictionary<string, object?> values) => new(StringComparer.Ordinal)
    {
        ["Environment"] = new GoStruct("environment.Environment", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Name"] = environment,
            ["KubeContext"] = kubeContext ?? "",
            ["Values"] = values,
        }),
        ["Values"] = values,
        ["StateValues"] = values,
        ["Namespace"] = "",
    };

    public static Dictionary<string, object?> ReleaseData(Dictionary<string, object?> state, ReleaseSpec r) => new(state, StringComparer.Ordinal)
    {
        ["Release"] = new GoStruct("state.ReleaseSpec", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Name"] = r.Name,
            ["Namespace"] = r.Namespace,
            ["Chart"] = r.Chart,
            ["KubeContext"] = r.KubeContext ?? "",
            ["Labels"] = r.Labels.ToDictionary(kv => kv.Key, kv => (object?)kv.Value, StringComparer.Ordinal),
        }),
    };

    public TemplateFunctions Functions(string baseDirectory) =>
        HelmfileFunctions.Create(new HelmfileTemplateContext(options.ProcessEnvironment, baseDirectory, options.Processes, options.AllowExec)
        {
            ResolveReference = options.Decryption.Refs is { } refs
                ? reference => refs.ResolveAsync(reference, CancellationToken.None).GetAwaiter().GetResult().Text
                : null,
        });

    /// <summary>
    /// Renders a template text (a values <c>.gotmpl</c>, a release field) with the defines of the <c>_*.tpl</c> helper
    /// files in <paramref name="baseDirectory"/>, as helmfile does; missing map keys are errors as in helmfile.
    /// </summary>
    public string Render(string name, string text, object data, string baseDirectory, bool strict = true) =>
        text.Contains("{{", StringComparison.Ordinal)
            ? Template.Parse(name, text, Functions(baseDirectory), HelperTemplates.Read(baseDirectory))
                .Execute(data, new TemplateOptions(MissingKeyIsError: strict) { Limits = HelmfileFunctions.Limits })
            : text;

    /// <summary>Each <c>---</c> part of a state file rendered and parsed, layered into one mapping (line numbers kept).</summary>
    public YamlMappingNode RenderState(string path, string shownName, object data, bool strict)
    {
        var text = File.ReadAllText(path);
        var root = new YamlMappingNode();
        var start = 0;
        var baseDirectory = Path.GetDirectoryName(path)!;
        foreach (var part in Parts(text))
        {
            var lineOffset = text.AsSpan(0, start).Count('\n');
            start += part.Length;
            var rendered = Render(shownName, new string('\n', lineOffset) + part, data, baseDirectory, strict);
            StateLayers.Merge(root, ReleaseFileParser.ParseDocuments(rendered, shownName));
        }
        return root;
    }

    /// <summary>The file split after each <c>---</c> line (each part keeps its text, including the separator line).</summary>
    private static IEnumerable<string> Parts(string text)
    {
        var last = 0;
        foreach (Match m in Separator().Matches(text))
        {
            yield return text[last..(m.Index + m.Length)];
            last = m.Index + m.Length;
        }
        yield return text[last..];
    }
}
