namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// What a values file may hold beside its secrets, encrypted with them when sops encrypts the whole file, that is not a
/// secret wherever it is rendered: a Secret's name (<c>image.pullSecrets[0].name</c>, <c>existingSecret</c>,
/// <c>tls.secretName</c>), a host, URL, user, database, region, bucket or namespace, an image reference. Decided by the
/// values key's last word and the value's shape together (<see cref="ValueShapes"/>): the word says what the value is
/// for, the shape that it cannot carry a secret (no user and password in a URL, no path or query, no spaces or quotes).
/// A value under any other key (<c>password</c>, <c>apiKeys.stripe</c>, <c>dsn</c>) stays a secret, and so does a value
/// under one of these keys that lacks the shape.
/// </summary>
internal static class NonSecretValues
{
    /// <summary>Words (lower case, <c>-</c> and <c>_</c> removed) a key ends with, and the shape its value must have.</summary>
    private static readonly (string[] Words, Func<string, bool> Shape)[] Locators =
    [
        (["host", "hostname", "hosts", "server", "servers", "endpoint", "endpoints", "address", "addr", "domain", "fqdn", "url", "uri"],
            v => ValueShapes.IsHosts(v) || ValueShapes.IsBareUrl(v)),
        (["user", "username", "login"], ValueShapes.IsPlainName),
        (["database", "dbname", "databasename", "region", "zone", "bucket", "bucketname"], ValueShapes.IsPlainName),
        (["namespace"], ValueShapes.IsNamespace),
        (["image", "repository", "registry", "tag"], ValueShapes.IsImageReference),
    ];

    /// <summary>Whether <paramref name="value"/>, the value of values key <paramref name="key"/> (<c>a.b[0].c</c>), is a name or a location, not a secret.</summary>
    public static bool Is(string key, string value)
    {
        var (last, parent, listItem) = Words(key);
        if (SecretName(last, parent, listItem) is { } shape) return shape(value);
        var joined = parent + last; // database.name -> databasename
        return Locators.Any(l => l.Words.Any(w => last.EndsWith(w, StringComparison.Ordinal) || joined == w) && l.Shape(value));
    }

    /// <summary>The shape of a Secret's name or data key when the key names one, else null.</summary>
    private static Func<string, bool>? SecretName(string last, string parent, bool listItem)
    {
        if (last.EndsWith("secretname", StringComparison.Ordinal) || (listItem && last.EndsWith("pullsecrets", StringComparison.Ordinal))) return ValueShapes.IsObjectName;
        if (last.StartsWith("existingsecret", StringComparison.Ordinal))
        {
            return last.EndsWith("key", StringComparison.Ordinal) ? ValueShapes.IsDataKey : ValueShapes.IsObjectName;
        }
        if (last == "name" && parent.EndsWith("pullsecrets", StringComparison.Ordinal)) return ValueShapes.IsObjectName;
        var reference = parent.EndsWith("secretref", StringComparison.Ordinal) || parent.EndsWith("secretkeyref", StringComparison.Ordinal);
        return !reference ? null : last switch
        {
            "name" => ValueShapes.IsObjectName,
            "key" => ValueShapes.IsDataKey,
            _ => null,
        };
    }

    /// <summary>The key's last two words, lower case without <c>-</c> and <c>_</c>, and whether the value is an item of a list (<c>…[0]</c>).</summary>
    private static (string Last, string Parent, bool ListItem) Words(string key)
    {
        var listItem = key.EndsWith(']');
        var words = key.Split('.').Select(w => w.IndexOf('[', StringComparison.Ordinal) is var i and >= 0 ? w[..i] : w).ToArray();
        static string Normal(string w) => w.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return (Normal(words[^1]), words.Length > 1 ? Normal(words[^2]) : "", listItem);
    }
}
