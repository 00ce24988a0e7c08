using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Cloud.OnePassword.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.OnePassword.Stores;

/// <summary>
/// PushSecret as ESO's <c>onepassword</c> provider does it: the remote key is an item title; a missing item is created
/// (category SERVER) in the metadata's <c>vault</c> or else the first vault by priority, with one CONCEALED field
/// labelled by the property (default <c>password</c>) and the metadata's <c>tags</c>; an existing item gets that field
/// added or its value replaced, and its tags replaced by the metadata's when it names any (PUT of the whole item,
/// <see cref="OnePasswordPushMetadata"/>). A delete
/// removes the field labelled by the property (default <c>password</c>, the field a push without property writes; ESO
/// looks for a field with an empty label there and so removes nothing) and deletes the item once it has no fields,
/// files or sections left. After a write the item is read back until the change shows (every 500 ms, at most 5 s), as
/// ESO waits for Connect. Ownership (<see cref="PushOwnership"/>): an item the agent creates carries the tag
/// <c>managed-by:secretskit</c>; an item without it is never overwritten (refused) nor deleted (left in place).
/// </summary>
internal sealed partial class OnePasswordSecretStore : ISecretStoreWriter
{
    private const string PasswordLabel = "password";
    private const string ManagedTag = PushOwnership.Key + ":" + PushOwnership.Value;

    private static bool Managed(JsonObject item) => SpecJson.Strings(item["tags"]).Contains(ManagedTag);

    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var held = await LockAsync(cancellationToken);
        JsonObject item;
        try
        {
            item = await FindItemAsync(reference.RemoteKey, cancellationToken);
        }
        catch (ItemNotFoundException)
        {
            return false;
        }
        return string.IsNullOrEmpty(reference.Property) || Fields(item).Any(f => Label(f) == reference.Property);
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(value);
        var metadata = OnePasswordPushMetadata.Read(reference, vaults);
        using var held = await LockAsync(cancellationToken);
        var label = string.IsNullOrEmpty(reference.Property) ? PasswordLabel : reference.Property;
        var text = Encoding.UTF8.GetString(value);
        JsonObject item;
        try
        {
            item = await FindItemAsync(reference.RemoteKey, cancellationToken);
        }
        catch (ItemNotFoundException)
        {
            var vault = metadata.Vault ?? Sorted.First();
            var created = new JsonObject
            {
                ["title"] = reference.RemoteKey,
                ["category"] = "SERVER",
                ["vault"] = new JsonObject { ["id"] = vault },
                ["tags"] = Tags(metadata.Tags ?? []),
                ["fields"] = new JsonArray(NewField(label, text)),
            };
            await Wrap("error creating 1Password Item", async () =>
            {
                await client.CreateItemAsync(created, vault, cancellationToken);
                return true;
            });
            await WaitAsync(async () => await FindItemAsync(reference.RemoteKey, cancellationToken) is not null, cancellationToken);
            return;
        }
        if (!Managed(item)) throw PushOwnership.NotManaged(Provider, reference.RemoteKey);
        if (metadata.Tags is { } tags) item["tags"] = Tags(tags); // ESO: the metadata's tags replace the item's
        var fields = Fields(item).ToList();
        var matching = fields.Where(f => Label(f) == label).ToList();
        if (matching.Count > 1) throw Fail($"error updating 1Password Item: expected one 1Password ItemField matching");
        if (matching.Count == 0) EnsureFields(item).Add((JsonNode)NewField(label, text));
        else matching[0]["value"] = text;
        await Wrap("error updating 1Password Item", async () =>
        {
            await client.UpdateItemAsync(item, cancellationToken);
            return true;
        });
        await WaitAsync(async () => Fields(await FindItemAsync(reference.RemoteKey, cancellationToken)).Any(f => Label(f) == label && SpecJson.Str(f["value"]) == text),
            cancellationToken);
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        using var held = await LockAsync(cancellationToken);
        JsonObject item;
        try
        {
            item = await FindItemAsync(reference.RemoteKey, cancellationToken);
        }
        catch (ItemNotFoundException)
        {
            return;
        }
        if (!Managed(item)) return; // someone else's: never deleted
        var label = string.IsNullOrEmpty(reference.Property) ? PasswordLabel : reference.Property;
        var fields = EnsureFields(item);
        var matching = fields.OfType<JsonObject>().Where(f => Label(f) == label).ToList();
        if (matching.Count > 1) throw Fail("error updating 1Password Item: expected one 1Password ItemField matching");
        foreach (var field in matching) fields.Remove(field);
        if (item["sections"] is JsonArray { Count: 1 } sections && sections[0] is JsonObject only
            && string.IsNullOrEmpty(SpecJson.Str(only["id"])) && string.IsNullOrEmpty(SpecJson.Str(only["label"])))
        {
            item.Remove("sections");
        }
        var empty = fields.Count == 0 && SpecJson.Objects(item["files"]).Any() is false && SpecJson.Objects(item["sections"]).Any() is false;
        await Wrap("error deleting 1Password Item", async () =>
        {
            if (empty) await client.DeleteItemAsync(item, cancellationToken);
            else await client.UpdateItemAsync(item, cancellationToken);
            return true;
        });
    }

    /// <summary>The ownership tag, then <paramref name="tags"/>.</summary>
    private static JsonArray Tags(IEnumerable<string> tags) => new([.. tags.Prepend(ManagedTag).Distinct(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t))]);

    private static JsonObject NewField(string label, string value) => new() { ["label"] = label, ["value"] = value, ["type"] = "CONCEALED" };

    private static JsonArray EnsureFields(JsonObject item)
    {
        if (item["fields"] is JsonArray fields) return fields;
        fields = [];
        item["fields"] = fields;
        return fields;
    }

    /// <summary>ESO's waitForFunc: the condition tried every 500 ms until it holds, for at most 5 s, both on the store's clock.</summary>
    private async Task WaitAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        var last = "";
        while (true)
        {
            try
            {
                if (await condition()) return;
                last = "the change does not show yet";
            }
            catch (SecretsKitException e)
            {
                last = e.Message;
            }
            if (limit.IsCancellationRequested) throw Fail($"timeout to wait for function to run successfully; last error was: {last}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
        }
    }
}
