using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Providers;

/// <summary>Path splitting shared by the <c>ref+…</c> forms.</summary>
public static class RefPaths
{
    /// <summary><c>first/rest…</c> → (first, rest); an error naming the reference and the expected form otherwise.</summary>
    public static (string First, string Remainder) SplitFirst(string path, string text, string scheme)
    {
        var trimmed = path.Trim('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            throw new SecretsKitException(ExitCodes.Generic, $"{text}: expected ref+{scheme}://<mount-or-vault>/<secret>");
        return (trimmed[..slash], trimmed[(slash + 1)..]);
    }
}
