using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Cloud.OnePassword.Http;

namespace SecretsKit.Cloud.OnePassword.Stores;

/// <summary>
/// A onepassword PushSecret entry's <c>metadata.spec</c> as ESO v2.9 reads it: <c>vault</c> (where a new item is
/// created; it must be one of the store's <c>vaults</c>, so a PushSecret never reaches a vault the store does not name)
/// and <c>tags</c> (the item's tags, replaced on every push; the agent keeps its own <c>managed-by:secretskit</c> tag,
/// so metadata may not name a <c>managed-by</c> tag). Null <see cref="Tags"/>: the metadata names none.
/// </summary>
internal sealed record OnePasswordPushMetadata(string? Vault, IReadOnlyList<string>? Tags)
{
    private const string Provider = "onepassword";

    public static readonly OnePasswordPushMetadata None = new(null, null);

    public static OnePasswordPushMetadata Read(PushRef reference, IReadOnlyDictionary<string, int> vaults)
    {
        if (PushMetadata.Spec(reference.Metadata, Provider, "tags", "vault") is not { } spec) return None;
        var vault = PushMetadata.Text(spec, "vault", Provider) is { Length: > 0 } v ? v : null;
        if (vault is not null && !vaults.ContainsKey(vault))
        {
            throw new StoreConfigException($"{Provider}: metadata vault '{(vault.Length <= 64 ? vault : vault[..64] + "…")}' not in provider vaults");
        }
        IReadOnlyList<string>? tags = spec["tags"] is null ? null : PushMetadata.StringList(spec, "tags", Provider);
        if (tags?.Any(t => t == PushOwnership.Key || t.StartsWith(PushOwnership.Key + ":", StringComparison.Ordinal)) == true)
        {
            throw PushMetadata.Invalid(Provider, $"spec.tags may not name a '{PushOwnership.Key}' tag: the agent keeps that marker itself");
        }
        return new OnePasswordPushMetadata(vault, tags);
    }
}
