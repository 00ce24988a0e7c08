using System.Text.RegularExpressions;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' name and label checks (apimachinery's validation package) with the API server's messages:
/// DNS-1123 labels and subdomains, DNS-1035 labels, qualified names, label values.</summary>
internal static partial class NameValidation
{
    private const string LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainFormat = LabelFormat + "(\\." + LabelFormat + ")*";
    private const string Dns1035Format = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";

    [GeneratedRegex("^" + LabelFormat + "$")]
    private static partial Regex Label();

    [GeneratedRegex("^" + SubdomainFormat + "$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^" + Dns1035Format + "$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^" + QualifiedNameFormat + "$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValue();

    public static List<string> Dns1123Label(string value)
    {
        var errors = MaxLength(value, 63);
        if (!Label().IsMatch(value))
        {
            errors.Add(Subdomain().IsMatch(value)
                ? "must not contain dots"
                : RegexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", LabelFormat, "my-name", "123-abc"));
        }
        return errors;
    }

    public static List<string> Dns1123Subdomain(string value)
    {
        var errors = MaxLength(value, 253);
        if (!Subdomain().IsMatch(value))
            errors.Add(RegexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", SubdomainFormat, "example.com"));
        return errors;
    }

    public static List<string> Dns1035Label(string value)
    {
        var errors = MaxLength(value, 63);
        if (!Dns1035().IsMatch(value))
            errors.Add(RegexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", Dns1035Format, "my-name", "abc-123"));
        return errors;
    }

    public static List<string> Qualified(string value)
    {
        const string message = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
        var errors = new List<string>();
        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            errors.Add("a qualified name " + RegexError(message, QualifiedNameFormat, "MyName", "my.name", "123-abc") + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        var name = parts[^1];
        if (parts.Length == 2)
        {
            if (parts[0].Length == 0)
                errors.Add("prefix part must be non-empty");
            else
                errors.AddRange(Dns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
        }
        if (name.Length == 0)
            errors.Add("name part must be non-empty");
        else if (name.Length > 63)
            errors.Add("name part must be no more than 63 characters");
        if (!QualifiedName().IsMatch(name))
            errors.Add("name part " + RegexError(message, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        return errors;
    }

    public static List<string> LabelValueErrors(string value)
    {
        var errors = MaxLength(value, 63);
        if (!LabelValue().IsMatch(value))
            errors.Add(RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LabelValueFormat, "MyValue", "my_value", "12345"));
        return errors;
    }

    private static List<string> MaxLength(string value, int max) =>
        value.Length > max ? [$"must be no more than {max} characters"] : [];

    /// <summary>apimachinery's RegexError text: the message, then the examples and the regular expression.</summary>
    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. " + string.Join(" or ", examples.Select(e => "'" + e + "', ")) + "regex used for validation is '" + format + "')";
}
