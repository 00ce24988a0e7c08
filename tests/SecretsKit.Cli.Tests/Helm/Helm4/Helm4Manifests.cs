using System.Text.RegularExpressions;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// What Helm 4 sends a post-renderer: every rendered document (hooks included) carries the annotation
/// <c>postrenderer.helm.sh/postrender-filename</c>, which Helm reads back to split the output per template
/// (pkg/action/action.go annotateAndMerge / splitAndDeannotate).
/// </summary>
internal static partial class Helm4Manifests
{
    public const string Annotation = "postrenderer.helm.sh/postrender-filename";

    /// <summary>The documents joined with <c>---</c>, document N annotated with <c>templates/N.yaml</c>.</summary>
    public static string Annotate(params string[] documents) =>
        string.Join("---\n", documents.Select((d, i) => AnnotateOne(d, $"templates/{i}.yaml")));

    /// <summary>The documents of a <c>helm template</c> output.</summary>
    public static string[] Split(string rendered) =>
        DocumentSeparator().Split(rendered).Select(d => d.Trim('\n') + "\n").Where(d => d.Contains("kind:", StringComparison.Ordinal)).ToArray();

    /// <summary>The annotation's values, in document order.</summary>
    public static List<string> Filenames(string manifests) =>
        FilenameLine().Matches(manifests).Select(m => m.Groups[1].Value.Trim('"', '\'')).ToList();

    private static string AnnotateOne(string document, string filename)
    {
        var line = $"    {Annotation}: {filename}\n";
        return document.Contains("\n  annotations:\n", StringComparison.Ordinal)
            ? document.Replace("\n  annotations:\n", "\n  annotations:\n" + line, StringComparison.Ordinal)
            : document.Replace("metadata:\n", "metadata:\n  annotations:\n" + line, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?m)^---.*$")]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"postrenderer\.helm\.sh/postrender-filename:\s*(\S+)")]
    private static partial Regex FilenameLine();
}
