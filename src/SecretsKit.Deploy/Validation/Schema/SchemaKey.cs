using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// The <c>apiVersion</c> and <c>kind</c> a schema is looked up by. Taken from documents anyone may have written, so
/// <see cref="Parse"/> accepts only the shapes Kubernetes allows (a DNS group, a version token, an alphanumeric kind):
/// these parts go into file names and URLs of <c>--schema-location</c>.
/// </summary>
public sealed partial record SchemaKey(string Group, string Version, string Kind)
{
    [GeneratedRegex(@"^(?:(?<g>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)/)?(?<v>[a-z0-9]{1,32})$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiVersionShape();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex KindShape();

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The key, or null when either part has a shape Kubernetes would not accept.</summary>
    public static SchemaKey? Parse(string? apiVersion, string? kind)
    {
        if (apiVersion is null || kind is null || !KindShape().IsMatch(kind)) return null;
        var m = ApiVersionShape().Match(apiVersion);
        return m.Success ? new SchemaKey(m.Groups["g"].Value, m.Groups["v"].Value, kind) : null;
    }

    public override string ToString() => $"{ApiVersion} {Kind}";
}
