using System.Globalization;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Azure.Stores;

/// <summary>
/// An azurekv PushSecret entry's <c>metadata.spec</c> as ESO v2.9 reads it for secrets: <c>expirationDate</c> (RFC 3339,
/// sent as Key Vault's <c>exp</c>, epoch seconds), <c>contentType</c> and <c>tags</c>, checked against Key Vault's limits
/// before any request; a <c>managed-by</c> tag is refused (ESO's message), the agent sets that one itself.
/// </summary>
internal sealed record AzurePushMetadata(DateTimeOffset? ExpiresOn, string? ContentType, IReadOnlyDictionary<string, string> Tags)
{
    private const string Provider = AzureKeyVaultSecretStore.ProviderName;
    private const int MaxTags = 15;
    private const int MaxTagName = 512;
    private const int MaxTagValue = 256;
    private const int MaxContentType = 255;

    private static readonly string[] Rfc3339 =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK",
    ];

    public static readonly AzurePushMetadata None = new(null, null, new Dictionary<string, string>());

    public static AzurePushMetadata Read(PushRef reference)
    {
        if (PushMetadata.Spec(reference.Metadata, Provider, "expirationDate", "contentType", "tags") is not { } spec) return None;
        DateTimeOffset? expires = null;
        if (PushMetadata.Text(spec, "expirationDate", Provider) is { Length: > 0 } text)
        {
            // Go's time.RFC3339: a 'T', seconds, optional fraction, and a zone ('Z' or ±hh:mm) that must be there
            expires = (text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-')
                && DateTimeOffset.TryParseExact(text, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : throw new StoreConfigException($"{Provider}: error parsing expiration date in metadata: spec.expirationDate is not an RFC 3339 time. Expected format: YYYY-MM-DDTHH:MM:SSZ (RFC3339). Example: 2024-12-31T20:00:00Z");
        }
        var contentType = PushMetadata.Text(spec, "contentType", Provider) is { Length: > 0 } ct ? ct : null;
        if (contentType?.Length > MaxContentType) throw PushMetadata.Invalid(Provider, $"spec.contentType is longer than Key Vault's {MaxContentType} characters");
        var tags = PushMetadata.StringMap(spec, "tags", Provider);
        if (tags.ContainsKey(PushOwnership.Key))
        {
            throw new StoreConfigException($"{Provider}: error parsing tags in metadata: Cannot specify a '{PushOwnership.Key}' tag");
        }
        if (tags.Count >= MaxTags) throw PushMetadata.Invalid(Provider, $"spec.tags has more than {MaxTags - 1} tags (Key Vault allows {MaxTags}, one is managed-by)");
        foreach (var (name, value) in tags)
        {
            if (name.Length is 0 or > MaxTagName) throw PushMetadata.Invalid(Provider, $"spec.tags has a tag name that is empty or longer than {MaxTagName} characters");
            if (value.Length > MaxTagValue) throw PushMetadata.Invalid(Provider, $"spec.tags.{(name.Length <= 64 ? name : name[..64] + "…")} is longer than Key Vault's {MaxTagValue} characters");
        }
        return new AzurePushMetadata(expires, contentType, tags);
    }

    /// <summary>The tags of a version the agent writes: the ownership mark and the metadata's tags (ESO's rule: nothing else carries over).</summary>
    public Dictionary<string, string> VersionTags()
    {
        var tags = new Dictionary<string, string>(Tags, StringComparer.Ordinal) { [PushOwnership.Key] = PushOwnership.Value };
        return tags;
    }
}
