namespace SecretsKit.Deploy.Helm;

/// <summary>
/// One value-file argument as written: <c>path</c>, <c>?path</c> (optional: dropped when missing),
/// <c>secrets://path</c> (helm-secrets getter scheme, decrypted here directly) or a remote URL left to helm.
/// </summary>
public sealed record ValueFileSpec(string Text, string Path, bool Optional, bool Remote)
{
    public const string SecretsScheme = "secrets://";

    public static ValueFileSpec Parse(string text)
    {
        var rest = text;
        var optional = false;
        if (rest.StartsWith('?'))
        {
            optional = true;
            rest = rest[1..];
        }
        if (rest.StartsWith(SecretsScheme, StringComparison.Ordinal))
        {
            rest = rest[SecretsScheme.Length..];
            if (rest.StartsWith('?'))
            {
                optional = true;
                rest = rest[1..];
            }
        }
        else if (rest.Contains("://", StringComparison.Ordinal))
        {
            return new ValueFileSpec(text, rest, optional, Remote: true);
        }
        return new ValueFileSpec(text, rest, optional, Remote: false);
    }
}
