using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Aws.SecretsManager;

/// <summary>
/// The operations PushSecret uses, as the real API answers them: <c>DescribeSecret</c> (metadata and tags, no value),
/// <c>CreateSecret</c> (ResourceExistsException;
/// InvalidRequestException while a secret of that name is scheduled for deletion), <c>PutSecretValue</c> (new
/// AWSCURRENT, the old one becomes AWSPREVIOUS) and <c>DeleteSecret</c> (scheduled deletion with a recovery window, or
/// immediate with <c>ForceDeleteWithoutRecovery</c>). Unknown request fields are rejected.
/// </summary>
public sealed partial class FakeSecretsManagerServer
{
    private readonly HashSet<string> _scheduledForDeletion = new(StringComparer.Ordinal);

    /// <summary>Whether the secret was deleted (scheduled or forced) and not re-created.</summary>
    public bool IsDeleted(string name)
    {
        lock (_gate) return !_secrets.ContainsKey(name);
    }

    /// <summary>The AWSCURRENT SecretString, or null when the secret does not exist.</summary>
    public string? Current(string name)
    {
        lock (_gate) return _secrets.TryGetValue(name, out var s) ? s.Versions.LastOrDefault(v => v.Stages.Contains("AWSCURRENT"))?.Text : null;
    }

    /// <summary>The secret's tags (empty when it does not exist).</summary>
    public IReadOnlyDictionary<string, string> TagsOf(string name)
    {
        lock (_gate) return _secrets.TryGetValue(name, out var s) ? new Dictionary<string, string>(s.Tags) : new Dictionary<string, string>();
    }

    private static string? Unknown(JsonObject body, params string[] known) => body.FirstOrDefault(p => !known.Contains(p.Key)).Key;

    /// <summary>Replaces every tag of a secret (another party taking it over, or removing the agent's tag).</summary>
    public void ReplaceTags(string name, IReadOnlyDictionary<string, string> tags)
    {
        lock (_gate)
        {
            _secrets[name].Tags.Clear();
            foreach (var (k, v) in tags) _secrets[name].Tags[k] = v;
        }
    }

    private async Task DescribeSecretAsync(HttpContext context, JsonObject body)
    {
        if (Unknown(body, "SecretId") is { } field)
        {
            await ErrorAsync(context, 400, "SerializationException", $"Unknown field {field}");
            return;
        }
        JsonObject? described = null;
        lock (_gate)
        {
            if (Find(Str(body, "SecretId") ?? "") is { } secret)
            {
                described = new JsonObject
                {
                    ["ARN"] = secret.Arn,
                    ["Name"] = secret.Name,
                    ["LastChangedDate"] = EpochSeconds(secret.Versions[^1].Created),
                    ["CreatedDate"] = EpochSeconds(secret.Versions[0].Created),
                };
                if (secret.Tags.Count > 0)
                {
                    described["Tags"] = new JsonArray([.. secret.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
                }
            }
        }
        if (described is null)
        {
            await ErrorAsync(context, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        await OkAsync(context, described);
    }

    private async Task CreateSecretAsync(HttpContext context, JsonObject body)
    {
        if (Unknown(body, "Name", "SecretString", "SecretBinary", "Tags", "Description", "ClientRequestToken") is { } field)
        {
            await ErrorAsync(context, 400, "SerializationException", $"Unknown field {field}");
            return;
        }
        var name = Str(body, "Name") ?? "";
        string? problem;
        lock (_gate)
        {
            problem = _secrets.ContainsKey(name) ? "ResourceExistsException" : _scheduledForDeletion.Contains(name) ? "InvalidRequestException" : null;
        }
        if (problem is not null)
        {
            await ErrorAsync(context, 400, problem, problem == "ResourceExistsException"
                ? $"The operation failed because the secret {name} already exists."
                : "You can't create this secret because a secret with this name is already scheduled for deletion.");
            return;
        }
        var versionId = Put(name, Str(body, "SecretString"), body["SecretBinary"] is JsonValue b ? Convert.FromBase64String(b.GetValue<string>()) : null, "AWSCURRENT", null);
        lock (_gate)
        {
            foreach (var tag in (body["Tags"] as JsonArray ?? []).OfType<JsonObject>()) _secrets[name].Tags[Str(tag, "Key") ?? ""] = Str(tag, "Value") ?? "";
        }
        await OkAsync(context, new JsonObject { ["ARN"] = ArnOf(name), ["Name"] = name, ["VersionId"] = versionId });
    }

    private async Task PutSecretValueAsync(HttpContext context, JsonObject body)
    {
        if (Unknown(body, "SecretId", "SecretString", "SecretBinary", "ClientRequestToken", "VersionStages") is { } field)
        {
            await ErrorAsync(context, 400, "SerializationException", $"Unknown field {field}");
            return;
        }
        var id = Str(body, "SecretId") ?? "";
        string? name;
        lock (_gate) name = Find(id)?.Name;
        if (name is null)
        {
            await ErrorAsync(context, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        var versionId = Put(name, Str(body, "SecretString"), body["SecretBinary"] is JsonValue b ? Convert.FromBase64String(b.GetValue<string>()) : null, "AWSCURRENT", null);
        await OkAsync(context, new JsonObject
        {
            ["ARN"] = ArnOf(name), ["Name"] = name, ["VersionId"] = versionId, ["VersionStages"] = new JsonArray("AWSCURRENT"),
        });
    }

    private async Task DeleteSecretAsync(HttpContext context, JsonObject body)
    {
        if (Unknown(body, "SecretId", "ForceDeleteWithoutRecovery", "RecoveryWindowInDays") is { } field)
        {
            await ErrorAsync(context, 400, "SerializationException", $"Unknown field {field}");
            return;
        }
        var id = Str(body, "SecretId") ?? "";
        var force = body["ForceDeleteWithoutRecovery"] is JsonValue f && f.GetValue<bool>();
        string? name = null;
        string? arn = null;
        lock (_gate)
        {
            if (Find(id) is { } secret)
            {
                name = secret.Name;
                arn = secret.Arn;
                _secrets.Remove(secret.Name);
                if (!force) _scheduledForDeletion.Add(secret.Name);
            }
        }
        if (name is null)
        {
            await ErrorAsync(context, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        await OkAsync(context, new JsonObject { ["ARN"] = arn, ["Name"] = name, ["DeletionDate"] = EpochSeconds(DateTimeOffset.UtcNow.AddDays(force ? 0 : 30)) });
    }
}
