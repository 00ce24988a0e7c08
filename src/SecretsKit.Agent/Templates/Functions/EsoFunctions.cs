using SecretsKit.Go;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's <c>toYaml</c> and <c>fromYaml</c> (sigs.k8s.io/yaml): <c>toYaml</c> writes go-yaml v2's YAML of the value's
/// JSON form without the final newline, and an empty string when the value has no JSON form; <c>fromYaml</c> reads YAML
/// 1.1 through JSON into a map (every number a float64) and, as ESO does, returns a map holding only <c>Error</c> when
/// the text is not a YAML mapping. The PEM, PKCS#12 and key functions are <see cref="EsoCertificates"/>,
/// <see cref="EsoPkcs12"/> and <see cref="EsoKeys"/>.
/// </summary>
internal static class EsoFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["toYaml"] = c => ToYaml(c.Exactly(1)[0]);
        t["fromYaml"] = c => FromYaml(c.Exactly(1).String(0));
    }

    private static string ToYaml(object? value)
    {
        try
        {
            var yaml = TemplateYaml.Write(ThroughJson(value), GoYamlDialect.V2);
            return yaml.EndsWith('\n') ? yaml[..^1] : yaml;
        }
        catch (GoException)
        {
            return "";
        }
    }

    /// <summary>A value as sigs.k8s.io/yaml sees it after <c>json.Marshal</c> and go-yaml v2's decoding: structs as maps, whole numbers as ints.</summary>
    private static object? ThroughJson(object? value) => value switch
    {
        double d when double.IsNaN(d) || double.IsInfinity(d) => throw new TemplateFunctionException("json: unsupported value"),
        double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
        GoStruct s => s.Fields.ToDictionary(kv => kv.Key, kv => ThroughJson(kv.Value), StringComparer.Ordinal),
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => ThroughJson(kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(ThroughJson).ToList(),
        _ => value,
    };

    private static Dictionary<string, object?> FromYaml(string text)
    {
        object? read;
        try
        {
            read = TemplateYaml.Read(text, yaml11: true);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return Error($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }
        return read switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            IReadOnlyDictionary<string, object?> m => (Dictionary<string, object?>)JsonNumbers(m)!,
            _ => Error("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal " + read switch
            {
                IReadOnlyList<object?> => "array",
                string => "string",
                bool => "bool",
                _ => "number",
            } + " into Go value of type map[string]interface {}"),
        };
    }

    private static Dictionary<string, object?> Error(string message) => new(StringComparer.Ordinal) { ["Error"] = message };

    private static object? JsonNumbers(object? value) => value switch
    {
        long l => (double)l,
        int i => (double)i,
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => JsonNumbers(kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(JsonNumbers).ToList(),
        _ => value,
    };
}
