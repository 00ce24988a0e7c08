using System.Text.Json;

namespace SecretsKit.Testing.GoTemplate;

/// <summary>
/// One differential template case (a file under tests/fixtures/go-template-cases/, or one extracted from a peer's tests):
/// the template, its data as JSON, the flavour; <see cref="Shape"/> (a regex both outputs must match) for
/// nondeterministic functions; <see cref="Deviation"/> (the documented reason) when SecretsKit deliberately differs;
/// <see cref="StringData"/> when the data is a <c>map[string]string</c> (as sprig's own tests and ESO give).
/// </summary>
public sealed record GoTemplateCase(
    string File,
    string Name,
    string Template,
    JsonElement? Data,
    string Flavour,
    string? MissingKey,
    string TemplateName,
    string? Shape,
    string? Deviation,
    bool StringData = false)
{
    /// <summary>The cases of one JSON file (an array of objects).</summary>
    public static IReadOnlyList<GoTemplateCase> Load(string path)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        var file = Path.GetFileName(path);
        var cases = new List<GoTemplateCase>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            cases.Add(new GoTemplateCase(
                file,
                Text(c, "name") ?? throw new InvalidDataException($"{file}: a case without a name"),
                Text(c, "template") ?? throw new InvalidDataException($"{file}: case {Text(c, "name")} has no template"),
                c.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data.Clone() : null,
                Text(c, "flavour") ?? "sprig",
                Text(c, "missingkey"),
                Text(c, "templateName") ?? "t",
                Text(c, "shape"),
                Text(c, "deviation"),
                c.TryGetProperty("stringData", out var sd) && sd.ValueKind == JsonValueKind.True));
        }
        return cases;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
