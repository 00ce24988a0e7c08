using SecretsKit.Go;
using SecretsKit.Go.Hex;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's <c>hexdec</c> (its sprig fork's: the decoded bytes, or Go's decoder error as the result, as <c>b64dec</c> does),
/// <c>toYaml</c> and <c>fromYaml</c> (sigs.k8s.io/yaml): <c>toYaml</c> writes go-yaml v2's YAML of the value's
/// JSON form without the final newline, and an empty string when the value has no JSON form; <c>fromYaml</c> reads YAML
/// 1.1 through JSON into a map (every number a float64) and, as ESO does, returns a map holding only <c>Error</c> (with
/// sigs.k8s.io/yaml's <c>error converting YAML to JSON:</c> where that step fails) when the text is not a YAML mapping. The PEM, PKCS#12 and key functions are <see cref="EsoCertificates"/>,
/// <see cref="EsoPkcs12"/> and <see cref="EsoKeys"/>.
/// </summary>
internal static class EsoFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["toYaml"] = c => ToYaml(c.Exactly(1)[0], c.OutputLimit);
        t["fromYaml"] = c => FromYaml(c.Exactly(1).String(0));
        t["hexdec"] = c => GoHex.Decode(GoString.ToBytes(c.Exactly(1).String(0))) is var (bytes, error) && error is null ? GoString.FromBytes(bytes) : error;
    }

    /// <summary>
    /// sigs.k8s.io/yaml's <c>Marshal</c>: the value's JSON form (a value holding itself is json's cycle error, which ESO
    /// turns into ""), written as go-yaml v2 within the output budget (a budget error is never turned into "").
    /// </summary>
    private static string ToYaml(object? value, long limit)
    {
        try
        {
            var yaml = TemplateYaml.Write(new JsonForm().Of(value), GoYamlDialect.V2, limit);
            return yaml.EndsWith('\n') ? yaml[..^1] : yaml;
        }
        catch (GoException e) when (e is not GoLimitException)
        {
            return "";
        }
    }

    private static Dictionary<string, object?> FromYaml(string text)
    {
        object? read;
        try
        {
            read = TemplateYaml.Read(text, yaml11: true);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return Error($"error converting YAML to JSON: {TemplateYaml.GoError(e)}");
        }
        // sigs.k8s.io/yaml converts through JSON, which has no infinities or NaN
        if (Unsupported(read) is { } number) return Error($"error converting YAML to JSON: json: unsupported value: {GoValues.FormatFloat(number)}");
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

    /// <summary>The first infinity or NaN <c>json.Marshal</c> meets (map keys in order), or null.</summary>
    private static double? Unsupported(object? value) => value switch
    {
        double d when !double.IsFinite(d) => d,
        IReadOnlyDictionary<string, object?> m => GoTypes.Sorted(m).Select(kv => Unsupported(kv.Value)).FirstOrDefault(u => u is not null),
        IReadOnlyList<object?> l => l.Select(Unsupported).FirstOrDefault(u => u is not null),
        _ => null,
    };

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
