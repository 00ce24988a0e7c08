using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Operations;

/// <summary>Turns the key entries of a file's metadata back into master keys, and names keys as "type identifier".</summary>
public static class MasterKeys
{
    /// <summary>The keys that wrote <paramref name="groups"/>, group by group (to rewrap them with a new data key).</summary>
    public static List<List<IMasterKey>> FromMetadata(KeySourceRegistry registry, IReadOnlyList<IReadOnlyList<MasterKeyEntry>> groups) =>
        groups.Select(g => g.Select(e => FromEntry(registry, e)).ToList()).ToList();

    public static IMasterKey FromEntry(KeySourceRegistry registry, MasterKeyEntry entry)
    {
        var source = registry.Find(entry.KeyType) ?? throw new SecretsKitException(ExitCodes.Generic,
            $"the file has a {entry.KeyType} key ({Identify(registry, entry)}) but SecretsKit has no {entry.KeyType} key source to rewrap it");
        return source.FromEntry(entry);
    }

    /// <summary>How a metadata entry is named to users: <c>age age1…</c>, <c>pgp FINGERPRINT</c>, <c>kms arn:…</c>.</summary>
    public static string Identify(KeySourceRegistry registry, MasterKeyEntry entry)
    {
        if (registry.Find(entry.KeyType) is { } source)
        {
            try
            {
                return Describe(source.FromEntry(entry));
            }
            catch (SecretsKitException)
            {
                // fall back to the stored fields below
            }
        }
        foreach (var field in new[] { "recipient", "fp", "arn", "resource_id", "vault_address", "vaultUrl", "key_id" })
        {
            if (entry.Field(field) is { Length: > 0 } v) return $"{entry.KeyType} {v}";
        }
        return entry.KeyType;
    }

    public static string Describe(IMasterKey key) => $"{key.KeyType} {key.Identifier}";

    public static bool SameKey(IMasterKey a, IMasterKey b) =>
        a.KeyType == b.KeyType && string.Equals(a.Identifier, b.Identifier, StringComparison.OrdinalIgnoreCase);
}
