using System.Buffers;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// The <c>apiVersion</c> and <c>kind</c> a schema is looked up by. Taken from documents anyone may have written, so
/// <see cref="Parse"/> accepts only the shapes Kubernetes allows (a DNS group, a version token, an alphanumeric kind):
/// these parts go into file names and URLs of <c>--schema-location</c>.
/// </summary>
public sealed record SchemaKey(string Group, string Version, string Kind)
{
    private static readonly SearchValues<char> LowerAlphanumeric = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly SearchValues<char> Alphanumeric =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private static readonly SearchValues<char> LabelCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>
    /// The key, or null when either part has a shape Kubernetes would not accept: the kind <c>[A-Za-z][A-Za-z0-9]{0,62}</c>;
    /// the apiVersion an optional group of DNS-1123 labels (<c>[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?</c>, joined by dots)
    /// and <c>/</c>, then a version <c>[a-z0-9]{1,32}</c>. Checked by hand: a regular expression's first use and its
    /// groups were a one-shot validate's cost for every document.
    /// </summary>
    public static SchemaKey? Parse(string? apiVersion, string? kind)
    {
        if (apiVersion is null || kind is null || !IsKind(kind)) return null;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        if (version.Length is 0 or > 32 || version.AsSpan().ContainsAnyExcept(LowerAlphanumeric)) return null;
        if (slash < 0) return new SchemaKey("", version, kind);
        var group = apiVersion[..slash];
        return IsDnsSubdomain(group) ? new SchemaKey(group, version, kind) : null;
    }

    private static bool IsKind(string kind) =>
        kind.Length is >= 1 and <= 63 && char.IsAsciiLetter(kind[0]) && !kind.AsSpan().ContainsAnyExcept(Alphanumeric);

    /// <summary>Labels of 1 to 63 lower-case letters, digits and inner hyphens, joined by dots (no bound on their number).</summary>
    private static bool IsDnsSubdomain(string group)
    {
        foreach (var range in group.AsSpan().Split('.'))
        {
            var label = group.AsSpan()[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || label.ContainsAnyExcept(LabelCharacters)) return false;
        }
        return true;
    }

    public override string ToString() => $"{ApiVersion} {Kind}";
}
