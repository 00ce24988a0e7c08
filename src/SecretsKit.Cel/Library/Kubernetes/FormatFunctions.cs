using System.Globalization;
using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' format library: <c>format.&lt;name&gt;()</c> and <c>format.named(name)</c> (an optional
/// format), and <c>validate(value)</c>: <c>optional.none()</c> when the value is valid, else
/// <c>optional.of([messages])</c>.</summary>
internal static class FormatFunctions
{
    private static readonly IReadOnlyDictionary<string, Func<string, List<string>>> Formats =
        new Dictionary<string, Func<string, List<string>>>(StringComparer.Ordinal)
        {
            ["dns1123Label"] = NameValidation.Dns1123Label,
            ["dns1123Subdomain"] = NameValidation.Dns1123Subdomain,
            ["dns1035Label"] = NameValidation.Dns1035Label,
            ["qualifiedName"] = NameValidation.Qualified,
            ["dns1123LabelPrefix"] = v => NameValidation.Dns1123Label(TrimDash(v)),
            ["dns1123SubdomainPrefix"] = v => NameValidation.Dns1123Subdomain(TrimDash(v)),
            ["dns1035LabelPrefix"] = v => NameValidation.Dns1035Label(TrimDash(v)),
            ["labelValue"] = NameValidation.LabelValueErrors,
            ["uri"] = v => CelUrl.Parse(v) is null ? ["invalid URI"] : [],
            ["uuid"] = v => Guid.TryParseExact(v, "D", out _) && v.Length == 36 ? [] : ["does not match the UUID format"],
            ["byte"] = v => IsBase64(v) ? [] : ["invalid base64"],
            ["date"] = v => DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? [] : ["invalid date"],
            ["datetime"] = v => TimeText.ParseTimestamp(v) is null ? ["invalid datetime"] : [],
        };

    public static void Register(FunctionRegistry registry)
    {
        foreach (var (name, check) in Formats)
        {
            var format = new CelFormat(name, check);
            registry.Global("format." + name, (_, a) => a.Length == 0 ? format : CelError.NoOverload("format." + name));
        }
        registry
            .Global("format.named", (_, a) => a is [string n]
                ? (Formats.TryGetValue(n, out var check) ? CelOptional.Of(new CelFormat(n, check)) : CelOptional.None)
                : CelError.NoOverload("format.named"))
            .Member("validate", (c, a) =>
            {
                if (a is not [CelFormat format, string value])
                    return CelError.NoOverload("validate");
                c.ChargeSize(value.Length);
                var errors = format.Check(value);
                return errors.Count == 0 ? CelOptional.None : CelOptional.Of(new CelList(errors.Cast<object?>().ToList()));
            });
    }

    private static string TrimDash(string value) => value.EndsWith('-') ? value[..^1] : value;

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
