using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// A <c>--schema-location</c> template in kubeconform's syntax: text with <c>{{ .Field }}</c> actions naming one of the
/// six fields kubeconform fills. Checked when the location is given, so a misspelt field (<c>{{ .ResourceKnd }}</c>) or a
/// broken action fails the run at start, naming it, instead of every resource quietly finding no schema.
/// </summary>
internal sealed partial class SchemaLocationTemplate
{
    /// <summary>The fields kubeconform's templates may use.</summary>
    public static readonly IReadOnlyList<string> Fields =
        ["NormalizedKubernetesVersion", "StrictSuffix", "ResourceKind", "ResourceAPIVersion", "Group", "KindSuffix"];

    [GeneratedRegex(@"\{\{-?\s*\.(?<v>[A-Za-z][A-Za-z0-9_]*)\s*-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    private readonly string _text;

    private SchemaLocationTemplate(string text) => _text = text;

    /// <summary>Whether <paramref name="location"/> holds a template action at all.</summary>
    public static bool IsTemplate(string location) => location.Contains("{{", StringComparison.Ordinal);

    /// <summary>The template, or a <see cref="SchemaLocationException"/> naming what kubeconform could not evaluate.</summary>
    public static SchemaLocationTemplate Parse(string location)
    {
        var rest = Variable().Replace(location, m => Fields.Contains(m.Groups["v"].Value)
            ? ""
            : throw new SchemaLocationException($"--schema-location {location}: the template uses .{m.Groups["v"].Value}, which is not a field "
                + $"(the fields are {string.Join(", ", Fields.Select(f => "." + f))})"));
        var open = rest.IndexOf("{{", StringComparison.Ordinal);
        if (open >= 0 || rest.Contains("}}", StringComparison.Ordinal))
        {
            var action = open >= 0 ? rest[open..Math.Min(rest.Length, open + 40)] : "}}";
            throw new SchemaLocationException($"--schema-location {location}: cannot evaluate the template at '{action}' "
                + "(an action must be one of the fields, e.g. {{ .ResourceKind }})");
        }
        return new SchemaLocationTemplate(location);
    }

    /// <summary>The template filled for <paramref name="key"/> (a key checked by <see cref="SchemaKey"/>, safe in a path or URL).</summary>
    public string Fill(SchemaKey key, string kubeVersion, bool strict) => Variable().Replace(_text, m => m.Groups["v"].Value switch
    {
        "ResourceKind" => key.Kind.ToLowerInvariant(),
        "ResourceAPIVersion" => key.Version,
        "Group" => key.Group,
        "KindSuffix" => (key.Group.Length == 0 ? "" : "-" + key.Group.Split('.')[0]) + "-" + key.Version,
        "NormalizedKubernetesVersion" => kubeVersion,
        _ => strict ? "-strict" : "",
    });

    public override string ToString() => _text;
}
