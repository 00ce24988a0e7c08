using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Aws.Ssm;

/// <summary>
/// The operations PushSecret uses, as the real API answers them: <c>PutParameter</c> (ParameterAlreadyExists without
/// <c>Overwrite</c>; tags only on creation, never with <c>Overwrite</c>; a Standard value of at most 4,096 characters and no
/// policies;
/// type, tier and description checked), <c>DeleteParameter</c> (ParameterNotFound), <c>ListTagsForResource</c> /
/// <c>AddTagsToResource</c> / <c>RemoveTagsFromResource</c> (resource type <c>Parameter</c>, InvalidResourceId for an
/// unknown name, TooManyTagsError beyond 50). Requests are checked as AWS checks them (<see cref="AwsShapes"/>).
/// </summary>
public sealed partial class FakeSsmServer
{
    private readonly Dictionary<string, SortedDictionary<string, string>> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Description, string? KeyId, string Tier, string? Policies)> _attributes = new(StringComparer.Ordinal);

    /// <summary>A parameter's tags (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> TagsOf(string name)
    {
        lock (_gate) return _tags.TryGetValue(name, out var t) ? new Dictionary<string, string>(t) : new Dictionary<string, string>();
    }

    /// <summary>Sets a parameter's tags (another party's marker, or none).</summary>
    public void ReplaceTags(string name, IReadOnlyDictionary<string, string> tags)
    {
        lock (_gate) _tags[name] = new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal);
    }

    /// <summary>The latest value and type of a parameter, or null when it does not exist.</summary>
    public (string Value, string Type)? Latest(string name)
    {
        lock (_gate) return _parameters.TryGetValue(name, out var v) ? (v[^1].Value, v[^1].Type) : null;
    }

    /// <summary>The description, KMS key, tier and policies the last PutParameter gave a parameter.</summary>
    public (string? Description, string? KeyId, string Tier, string? Policies) AttributesOf(string name)
    {
        lock (_gate) return _attributes[name];
    }

    private Task RefuseAsync(HttpContext context, (string Type, string Message) error) => ErrorAsync(context, 400, error.Type, error.Message);

    private async Task PutParameterAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(
                AwsShapes.Unknown(body, "Name", "Value", "Type", "Description", "KeyId", "Overwrite", "AllowedPattern", "Tags", "Tier", "Policies", "DataType"),
                AwsShapes.Text(body, "Name", true, 1, 2048), AwsShapes.Text(body, "Value", true, 0, 8192), AwsShapes.Text(body, "Type", false),
                AwsShapes.Text(body, "Description", false, 0, 1024), AwsShapes.Text(body, "KeyId", false, 1, 256), AwsShapes.Flag(body, "Overwrite"),
                AwsShapes.Text(body, "Tier", false), AwsShapes.Text(body, "Policies", false, 1, 4096), AwsShapes.Tags(body, "Tags", false)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var name = Str(body, "Name")!;
        var value = Str(body, "Value")!;
        var type = Str(body, "Type");
        var tier = Str(body, "Tier") ?? "Standard";
        var overwrite = body["Overwrite"] is JsonValue o && o.GetValue<bool>();
        if (type is not (null or "String" or "StringList" or "SecureString") || tier is not ("Standard" or "Advanced" or "Intelligent-Tiering"))
        {
            await ErrorAsync(context, 400, "ValidationException", "1 validation error detected: Value at 'type' or 'tier' failed to satisfy constraint: Member must satisfy enum value set");
            return;
        }
        if (overwrite && body["Tags"] is not null)
        {
            await ErrorAsync(context, 400, "ValidationException", "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
            return;
        }
        if (tier == "Standard" && (value.Length > 4096 || body["Policies"] is not null))
        {
            await ErrorAsync(context, 400, "ValidationException",
                value.Length > 4096 ? "Standard tier parameters support a maximum parameter value of 4096 characters." : "Parameter policies are supported only for the Advanced tier.");
            return;
        }
        (string Type, string Message)? problem = null;
        long version = 0;
        lock (_gate)
        {
            var exists = _parameters.TryGetValue(name, out var versions);
            if (exists && !overwrite) problem = ("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
            else if (!exists && type is null) problem = ("ValidationException", "A parameter type is required when you create a parameter.");
            else
            {
                version = PutParameter(name, value, type ?? versions![^1].Type);
                _attributes[name] = (Str(body, "Description"), Str(body, "KeyId"), tier, Str(body, "Policies"));
                if (!exists) _tags[name] = new SortedDictionary<string, string>(AwsShapes.TagMap(body, "Tags"), StringComparer.Ordinal);
            }
        }
        if (problem is { } refused)
        {
            await RefuseAsync(context, refused);
            return;
        }
        await OkAsync(context, new JsonObject { ["Version"] = version, ["Tier"] = tier });
    }

    private async Task DeleteParameterAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "Name"), AwsShapes.Text(body, "Name", true, 1, 2048)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        bool removed;
        lock (_gate)
        {
            removed = _parameters.Remove(Str(body, "Name")!);
            _tags.Remove(Str(body, "Name")!);
            _attributes.Remove(Str(body, "Name")!);
        }
        if (!removed)
        {
            await ErrorAsync(context, 400, "ParameterNotFound", "");
            return;
        }
        await OkAsync(context, new JsonObject());
    }

    private Task ListTagsForResourceAsync(HttpContext context, JsonObject body) =>
        TagsAsync(context, body, [], (_, _) => null, tags => new JsonObject
        {
            ["TagList"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        });

    private Task AddTagsToResourceAsync(HttpContext context, JsonObject body) =>
        TagsAsync(context, body, ["Tags"], (tags, request) =>
        {
            var added = AwsShapes.TagMap(request, "Tags");
            if (tags.Keys.Union(added.Keys).Count() > AwsShapes.MaxTags) return ("TooManyTagsError", "The Targets parameter includes too many tags. Remove one or more tags and try the command again.");
            foreach (var (k, v) in added) tags[k] = v;
            return null;
        }, _ => new JsonObject());

    private Task RemoveTagsFromResourceAsync(HttpContext context, JsonObject body) =>
        TagsAsync(context, body, ["TagKeys"], (tags, request) =>
        {
            foreach (var key in ((JsonArray)request["TagKeys"]!).Select(k => k!.GetValue<string>())) tags.Remove(key);
            return null;
        }, _ => new JsonObject());

    /// <summary>The three tag calls: shape, resource type <c>Parameter</c>, an existing parameter, then <paramref name="change"/>.</summary>
    private async Task TagsAsync(HttpContext context, JsonObject body, string[] members,
        Func<SortedDictionary<string, string>, JsonObject, (string Type, string Message)?> change, Func<SortedDictionary<string, string>, JsonObject> answer)
    {
        if (AwsShapes.First(
                AwsShapes.Unknown(body, ["ResourceType", "ResourceId", .. members]), AwsShapes.Text(body, "ResourceType", true), AwsShapes.Text(body, "ResourceId", true, 1, 2048),
                members.Contains("Tags") ? AwsShapes.Tags(body, "Tags", true) : null,
                members.Contains("TagKeys") ? AwsShapes.Strings(body, "TagKeys", true, AwsShapes.MaxTags, 128) : null) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        if (Str(body, "ResourceType") is not ("Parameter" or "Document" or "ManagedInstance" or "MaintenanceWindow" or "PatchBaseline" or "OpsItem" or "OpsMetadata" or "Automation" or "Association"))
        {
            await ErrorAsync(context, 400, "ValidationException", "1 validation error detected: Value at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set");
            return;
        }
        (string Type, string Message)? problem;
        JsonObject? result = null;
        lock (_gate)
        {
            var id = Str(body, "ResourceId")!;
            if (Str(body, "ResourceType") != "Parameter" || !_parameters.ContainsKey(id)) problem = ("InvalidResourceId", "The resource ID is not valid. Verify that you entered the correct ID and try again.");
            else
            {
                if (!_tags.TryGetValue(id, out var tags)) _tags[id] = tags = new(StringComparer.Ordinal);
                problem = change(tags, body);
                if (problem is null) result = answer(tags);
            }
        }
        if (problem is { } refused)
        {
            await RefuseAsync(context, refused);
            return;
        }
        await OkAsync(context, result!);
    }
}
