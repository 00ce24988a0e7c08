using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// A vals-style reference <c>ref+SCHEME://PATH[#/FRAGMENT]</c>. <see cref="Text"/> is what the user wrote (safe to
/// show: a reference names a secret, it is not one).
/// </summary>
public sealed record RefUri(string Text, string Scheme, string Path, IReadOnlyList<string> Fragment)
{
    public const string Prefix = "ref+";

    public static bool IsRef(string value) => value.StartsWith(Prefix, StringComparison.Ordinal) && value.Contains("://", StringComparison.Ordinal);

    public static RefUri Parse(string text)
    {
        var sep = text.IndexOf("://", StringComparison.Ordinal);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || sep < 0)
            throw new SecretsKitException(ExitCodes.Generic, $"not a ref+ reference: {text}");
        var scheme = text[Prefix.Length..sep];
        var rest = text[(sep + 3)..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var fragment = Array.Empty<string>();
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            rest = rest[..hash];
        }
        return new RefUri(text, scheme, rest, fragment);
    }
}
