using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// A scheme backed by a shared <see cref="ISecretStore"/>: <paramref name="locate"/> splits the ref path into the store
/// (created lazily, cached per store key) and the secret key. Without <c>#/…</c> the whole value; with it, the JSON
/// field, typed. A missing secret or field is an error naming the reference.
/// </summary>
public sealed class StoreRefBackend(Func<RefUri, (string StoreKey, string SecretKey)> locate, Func<string, ISecretStore> createStore) : IRefBackend
{
    private readonly Dictionary<string, ISecretStore> _stores = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public async Task<ResolvedRef> ResolveAsync(RefUri reference, CancellationToken cancellationToken)
    {
        var (storeKey, secretKey) = locate(reference);
        ISecretStore store;
        lock (_gate)
        {
            if (!_stores.TryGetValue(storeKey, out store!)) _stores[storeKey] = store = createStore(storeKey);
        }
        SecretValue value;
        try
        {
            value = await store.GetSecretAsync(new SecretRef(secretKey), cancellationToken);
        }
        catch (SecretNotFoundException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: not found in {store.Provider}", null, e);
        }
        var text = Encoding.UTF8.GetString(value.Value);
        if (reference.Fragment.Count == 0) return new ResolvedRef(text, false);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: the secret is not JSON, so #/field cannot be used");
        }
        return TypedScalar.FromJson(TypedScalar.Select(root, reference), reference);
    }
}
