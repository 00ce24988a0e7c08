using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Cloud.OnePassword.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.OnePassword.Stores;

/// <summary>
/// The items of a store's 1Password vaults, read as ESO's <c>onepassword</c> provider reads them. A key is an item title
/// (or an item id, looked up in the first vault only); vaults are searched in their priority order (lowest number first)
/// and the first vault holding the title wins; two items with that title in one vault are an error. A property is a
/// field label (default <c>password</c>) or, for a DOCUMENT item or with a <c>file/</c> prefix, a file name (default the
/// first file); <c>field/</c> forces a field. Each label read must be unique in its item. Find lists each vault's items
/// (by exact title with <c>path</c>, by tag names with <c>tags</c>: then only the first vault) and returns their fields
/// and files under their own labels, the first one seen winning.
/// </summary>
internal sealed partial class OnePasswordSecretStore(ConnectClient client, IReadOnlyDictionary<string, int> vaults, TimeProvider time) : IPropertyReadingStore, IDisposable
{
    private const string DocumentCategory = "DOCUMENT";
    private readonly SemaphoreSlim _lock = new(1, 1);

    public string Provider => "onepassword";

    /// <summary>The vault names in priority order.</summary>
    private IEnumerable<string> Sorted => vaults.OrderBy(v => v.Value).Select(v => v.Key);

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var held = await LockAsync(cancellationToken);
        if (!string.IsNullOrEmpty(reference.Version)) throw Fail("'remoteRef.version' is not implemented in the 1Password provider");
        var item = await FindItemAsync(reference.Key, cancellationToken);
        var (isFile, property) = Kind(item, reference.Property ?? "");
        return new SecretValue(isFile ? await FileAsync(item, property, cancellationToken) : Field(item, property));
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var held = await LockAsync(cancellationToken);
        if (!string.IsNullOrEmpty(reference.Version)) throw Fail("'remoteRef.version' is not implemented in the 1Password provider");
        var item = await FindItemAsync(reference.Key, cancellationToken);
        var (isFile, property) = Kind(item, reference.Property ?? "");
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (isFile)
        {
            foreach (var file in SpecJson.Objects(item["files"]))
            {
                var name = SpecJson.Str(file["name"]) ?? "";
                if (property.Length > 0 && name != property) continue;
                result[name] = await client.FileContentAsync(file, cancellationToken);
            }
            return result;
        }
        foreach (var field in Fields(item))
        {
            var label = Label(field);
            if (property.Length > 0 && label != property) continue;
            CheckUnique(item, label);
            result[label] = Encoding.UTF8.GetBytes(SpecJson.Str(field["value"]) ?? "");
        }
        return result;
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var held = await LockAsync(cancellationToken);
        var name = query.NameFilter();
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var vaultName in Sorted)
        {
            var vault = await VaultAsync(vaultName, cancellationToken);
            var items = await Wrap("error finding 1Password Item", () => client.ItemsAsync(SpecJson.Str(vault["id"]) ?? "", cancellationToken));
            foreach (var item in items)
            {
                if (query.Tags is { } tags)
                {
                    var itemTags = SpecJson.Strings(item["tags"]);
                    if (!tags.Keys.All(itemTags.Contains)) continue;
                }
                else if (query.Path is { } path && path != SpecJson.Str(item["title"]))
                {
                    continue;
                }
                await AddAllAsync(item, name, result, cancellationToken);
            }
            // ESO looks for tagged items in the first vault only
            if (query.Tags is not null) break;
        }
        return result;
    }

    /// <summary>One listed item's files (as the listing carries them) and fields (read in full), the first label seen winning.</summary>
    private async Task AddAllAsync(JsonObject listed, Func<string, bool> name, Dictionary<string, byte[]> result, CancellationToken ct)
    {
        foreach (var file in SpecJson.Objects(listed["files"]))
        {
            var fileName = SpecJson.Str(file["name"]) ?? "";
            if (!name(fileName)) continue;
            if (!result.ContainsKey(fileName)) result[fileName] = await client.FileContentAsync(file, ct);
        }
        var item = await Wrap("error finding 1Password Item",
            () => client.ItemAsync(SpecJson.Str(listed["id"]) ?? "", SpecJson.Str(listed["vault"]?["id"]) ?? "", ct));
        foreach (var field in Fields(item))
        {
            var label = Label(field);
            CheckUnique(item, label);
            if (!name(label)) continue;
            result.TryAdd(label, Encoding.UTF8.GetBytes(SpecJson.Str(field["value"]) ?? ""));
        }
    }

    /// <summary>ESO's findItem: vaults in priority order; an id is looked up in the first vault only; a title must be unique in its vault.</summary>
    private async Task<JsonObject> FindItemAsync(string key, CancellationToken ct)
    {
        foreach (var vaultName in Sorted)
        {
            var vault = await VaultAsync(vaultName, ct);
            var vaultId = SpecJson.Str(vault["id"]) ?? "";
            if (ConnectClient.IsId(key)) return await client.ItemByIdOrTitleAsync(key, vaultId, ct);
            var items = await Wrap("error finding 1Password Item", () => client.ItemsByTitleAsync(key, vaultId, ct));
            if (items.Count == 1) return await client.ItemAsync(SpecJson.Str(items[0]["id"]) ?? "", SpecJson.Str(items[0]["vault"]?["id"]) ?? vaultId, ct);
            if (items.Count > 1) throw Fail($"expected one 1Password Item matching: '{Echo.Bounded(key)}', got {items.Count}");
        }
        throw new ItemNotFoundException($"key not found in 1Password Vaults: {Echo.Bounded(key)} in: {GoMap()}");
    }

    private Task<JsonObject> VaultAsync(string name, CancellationToken ct) =>
        Wrap("error finding 1Password Vault", () => client.GetVaultAsync(name, ct));

    /// <summary>ESO's getObjType: <c>field/</c> and <c>file/</c> prefixes, else files for DOCUMENT items and fields for the rest.</summary>
    private static (bool IsFile, string Property) Kind(JsonObject item, string property) =>
        property.StartsWith("field/", StringComparison.Ordinal) ? (false, property[6..])
        : property.StartsWith("file/", StringComparison.Ordinal) ? (true, property[5..])
        : (SpecJson.Str(item["category"]) == DocumentCategory, property);

    private static byte[] Field(JsonObject item, string property)
    {
        var label = property.Length > 0 ? property : "password";
        CheckUnique(item, label);
        return Encoding.UTF8.GetBytes(SpecJson.Str(Fields(item).First(f => Label(f) == label)["value"]) ?? "");
    }

    private async Task<byte[]> FileAsync(JsonObject item, string property, CancellationToken ct)
    {
        foreach (var file in SpecJson.Objects(item["files"]))
        {
            if (property.Length == 0 || SpecJson.Str(file["name"]) == property) return await client.FileContentAsync(file, ct);
        }
        throw Fail($"error finding 1Password Document: '{Echo.Bounded(SpecJson.Str(item["title"]))}', '{Echo.Bounded(property)}'");
    }

    private static IEnumerable<JsonObject> Fields(JsonObject item) => SpecJson.Objects(item["fields"]);

    private static string Label(JsonObject field) => SpecJson.Str(field["label"]) ?? "";

    private static void CheckUnique(JsonObject item, string label)
    {
        var count = Fields(item).Count(f => Label(f) == label);
        if (count != 1)
        {
            throw Fail($"expected one 1Password ItemField matching: '{Echo.Bounded(label)}' in '{Echo.Bounded(SpecJson.Str(item["title"]))}', got {count}");
        }
    }

    /// <summary>Go's <c>%v</c> of the vaults map: <c>map[name:priority …]</c>, keys sorted.</summary>
    private string GoMap() =>
        "map[" + string.Join(' ', vaults.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{Echo.Bounded(v.Key)}:{v.Value}")) + "]";

    private static async Task<T> Wrap<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ConnectException e)
        {
            throw Fail($"{what}: {e.Message}");
        }
    }

    private static SecretsKitException Fail(string message) => new(ExitCodes.Generic, message);

    /// <summary>One call at a time per store, as ESO's client holds its mutex (pushes wait for their own writes to show).</summary>
    private async Task<IDisposable> LockAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        return new Release(_lock);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }

    public void Dispose()
    {
        client.Dispose();
        _lock.Dispose();
    }

    /// <summary>ESO's <c>ErrKeyNotFound</c>: no vault holds the title (a push creates the item; a delete has nothing to do).</summary>
    private sealed class ItemNotFoundException(string message) : SecretsKitException(ExitCodes.Generic, message);
}
