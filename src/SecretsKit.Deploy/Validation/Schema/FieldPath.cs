namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>A field's path as the API server words it in a finding: <c>spec.template.metadata.labels["app.kubernetes.io/name"]</c>.</summary>
internal static class FieldPath
{
    private static readonly System.Buffers.SearchValues<char> PlainKey =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-$");

    /// <summary><c>a.b</c>, or <c>a["x.y/z"]</c> when the key is not a plain name.</summary>
    public static string Join(string path, string key)
    {
        var plain = key.Length > 0 && !key.AsSpan().ContainsAnyExcept(PlainKey);
        if (plain) return path.Length == 0 ? key : path + "." + key;
        return $"{path}[\"{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
    }
}
