using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// The name, label and key formats the API server enforces beyond any schema (k8s.io/apimachinery's
/// <c>util/validation</c>): DNS-1123 labels and subdomains, DNS-1035 labels, qualified names (label and annotation keys),
/// label values, config keys (Secret and ConfigMap data) and path segment names (RBAC). Each check returns the API
/// server's own explanations, empty when the value is valid.
/// </summary>
internal static partial class NameFormats
{
    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string ConfigKeyFmt = "[-._a-zA-Z0-9]+";

    [GeneratedRegex("^" + Dns1123LabelFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^" + Dns1123SubdomainFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^" + QualifiedNameFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex("^" + ConfigKeyFmt + "$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigKey();

    public static List<string> IsDns1123Label(string value) => Check(value, 63, Dns1123Label(),
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        Dns1123LabelFmt, "my-name", "123-abc");

    public static List<string> IsDns1123Subdomain(string value) => Check(value, 253, Dns1123Subdomain(),
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        Dns1123SubdomainFmt, "example.com");

    public static List<string> IsDns1035Label(string value) => Check(value, 63, Dns1035Label(),
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        Dns1035LabelFmt, "my-name", "abc-123");

    /// <summary>A label key (or, lower-cased, an annotation key): an optional DNS subdomain prefix and <c>/</c>, then a name of up to 63 characters.</summary>
    public static List<string> IsQualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        const string nameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
        if (parts.Length > 2)
        {
            errors.Add("a valid label key " + RegexError(nameMessage, QualifiedNameFmt, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        var name = parts[^1];
        if (parts.Length == 2)
        {
            if (parts[0].Length == 0) errors.Add("prefix part must be non-empty");
            else errors.AddRange(IsDns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
        }
        if (name.Length == 0) errors.Add("name part must be non-empty");
        else if (name.Length > 63) errors.Add("name part " + MaxLength(63));
        if (!QualifiedName().IsMatch(name)) errors.Add("name part " + RegexError(nameMessage, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errors;
    }

    public static List<string> IsLabelValue(string value) => Check(value, 63, LabelValue(),
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LabelValueFmt, "MyValue", "my_value", "12345");

    /// <summary>A key of a Secret's or ConfigMap's data: a file name the kubelet can write.</summary>
    public static List<string> IsConfigKey(string value)
    {
        var errors = Check(value, 253, ConfigKey(), "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", ConfigKeyFmt,
            "key.name", "KEY_NAME", "key-name");
        if (value == ".") errors.Add("must not be '.'");
        else if (value == "..") errors.Add("must not be '..'");
        else if (value.StartsWith("..", StringComparison.Ordinal)) errors.Add("must not start with '..'");
        return errors;
    }

    /// <summary>A name that is one segment of a URL path (RBAC roles and bindings, flow control, certificate requests).</summary>
    public static List<string> IsPathSegmentName(string value)
    {
        var errors = new List<string>();
        if (value is "." or "..") errors.Add($"may not be '{value}'");
        if (value.Contains('/', StringComparison.Ordinal)) errors.Add("may not contain '/'");
        if (value.Contains('%', StringComparison.Ordinal)) errors.Add("may not contain '%'");
        return errors;
    }

    /// <summary>A length limit and a format: the API server's explanations for each that <paramref name="value"/> breaks.</summary>
    private static List<string> Check(string value, int maxLength, Regex format, string message, string formatText, params string[] examples)
    {
        var errors = new List<string>();
        if (value.Length > maxLength) errors.Add(MaxLength(maxLength));
        if (!format.IsMatch(value)) errors.Add(RegexError(message, formatText, examples));
        return errors;
    }

    public static string MaxLength(int length) => $"must be no more than {length} characters";

    /// <summary>The API server's wording of a failed format: the explanation, examples, and the regular expression used.</summary>
    private static string RegexError(string message, string format, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{format}')";
}
