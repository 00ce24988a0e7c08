using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Aws.SecretsManager;

/// <summary>
/// The operations PushSecret uses, as the real API answers them: <c>DescribeSecret</c> (metadata, tags, versions and
/// replicas, no value; the KMS key only when it is not the AWS managed one), <c>CreateSecret</c> (ResourceExistsException;
/// InvalidRequestException while a secret of that name is scheduled for deletion), <c>PutSecretValue</c> (new
/// AWSCURRENT, the old one becomes AWSPREVIOUS; the ClientRequestToken is the version id) and <c>DeleteSecret</c>
/// (scheduled deletion with a recovery window, or immediate with <c>ForceDeleteWithoutRecovery</c>; refused while the
/// secret has replicas). Requests are checked as AWS checks them (<see cref="AwsShapes"/>).
/// </summary>
public sealed partial class FakeSecretsManagerServer
{
    private readonly HashSet<string> _scheduledForDeletion = new(StringComparer.Ordinal);

    /// <summary>Whether the secret was deleted (scheduled or forced) and not re-created.</summary>
    public bool IsDeleted(string name)
    {
        lock (_gate) return !_secrets.ContainsKey(name);
    }

    /// <summary>The AWSCURRENT value as text (a SecretBinary read as UTF-8), or null when the secret does not exist.</summary>
    public string? Current(string name)
    {
        lock (_gate)
        {
            var current = _secrets.TryGetValue(name, out var s) ? s.Versions.LastOrDefault(v => v.Stages.Contains("AWSCURRENT")) : null;
            return current?.Text ?? (current?.Binary is { } binary ? System.Text.Encoding.UTF8.GetString(binary) : null);
        }
    }

    /// <summary>Whether the AWSCURRENT value is a SecretBinary (false: a SecretString); null when there is none.</summary>
    public bool? CurrentIsBinary(string name)
    {
        lock (_gate) return _secrets.TryGetValue(name, out var s) ? s.Versions.LastOrDefault(v => v.Stages.Contains("AWSCURRENT"))?.Binary is not null : null;
    }

    /// <summary>The version ids of a secret, oldest first.</summary>
    public IReadOnlyList<string> VersionIds(string name)
    {
        lock (_gate) return _secrets.TryGetValue(name, out var s) ? [.. s.Versions.Select(v => v.VersionId)] : [];
    }

    /// <summary>The secret's tags (empty when it does not exist).</summary>
    public IReadOnlyDictionary<string, string> TagsOf(string name)
    {
        lock (_gate) return _secrets.TryGetValue(name, out var s) ? new Dictionary<string, string>(s.Tags) : new Dictionary<string, string>();
    }

    /// <summary>The secret's description and KMS key as CreateSecret set them.</summary>
    public (string? Description, string? KmsKeyId) AttributesOf(string name)
    {
        lock (_gate) return (_secrets[name].Description, _secrets[name].KmsKeyId);
    }

    /// <summary>Replaces every tag of a secret (another party taking it over, or removing the agent's tag).</summary>
    public void ReplaceTags(string name, IReadOnlyDictionary<string, string> tags)
    {
        lock (_gate)
        {
            _secrets[name].Tags.Clear();
            foreach (var (k, v) in tags) _secrets[name].Tags[k] = v;
        }
    }

    private Task RefuseAsync(HttpContext context, (string Type, string Message) error) => ErrorAsync(context, 400, error.Type, error.Message);

    private Task NotFoundAsync(HttpContext context) => ErrorAsync(context, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    private async Task DescribeSecretAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId"), AwsShapes.Text(body, "SecretId", true, 1, 2048)) is { } bad)
        {
            await RefuseAsync(context, bad);
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
                    ["VersionIdsToStages"] = new JsonObject(secret.Versions.Where(v => v.Stages.Count > 0)
                        .Select(v => KeyValuePair.Create(v.VersionId, (JsonNode?)new JsonArray([.. v.Stages.Order(StringComparer.Ordinal).Select(x => (JsonNode)x)])))),
                };
                if (secret.Description is not null) described["Description"] = secret.Description;
                if (secret.KmsKeyId is { } key && key != "alias/aws/secretsmanager") described["KmsKeyId"] = key;
                if (secret.Tags.Count > 0)
                {
                    described["Tags"] = new JsonArray([.. secret.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
                }
                if (secret.Replicas.Count > 0) described["ReplicationStatus"] = ReplicationJson(secret);
            }
        }
        if (described is null)
        {
            await NotFoundAsync(context);
            return;
        }
        await OkAsync(context, described);
    }

    private async Task CreateSecretAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(
                AwsShapes.Unknown(body, "Name", "SecretString", "SecretBinary", "Tags", "Description", "ClientRequestToken", "KmsKeyId", "AddReplicaRegions", "ForceOverwriteReplicaSecret"),
                AwsShapes.Text(body, "Name", true, 1, 512), AwsShapes.Text(body, "ClientRequestToken", false, 32, 64),
                AwsShapes.Text(body, "Description", false, 0, 2048), AwsShapes.Text(body, "KmsKeyId", false, 0, 2048),
                AwsShapes.Flag(body, "ForceOverwriteReplicaSecret"), AwsShapes.Tags(body, "Tags", false),
                ValueProblem(body), ReplicaProblem(body)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var name = Str(body, "Name")!;
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
        var versionId = Put(name, Str(body, "SecretString"), Binary(body), "AWSCURRENT", Str(body, "ClientRequestToken"));
        lock (_gate)
        {
            var secret = _secrets[name];
            foreach (var (k, v) in AwsShapes.TagMap(body, "Tags")) secret.Tags[k] = v;
            secret.Description = Str(body, "Description");
            secret.KmsKeyId = Str(body, "KmsKeyId") is { Length: > 0 } key ? key : null;
            foreach (var replica in (body["AddReplicaRegions"] as JsonArray ?? []).OfType<JsonObject>()) secret.Replicas[Str(replica, "Region")!] = Str(replica, "KmsKeyId");
        }
        await OkAsync(context, new JsonObject { ["ARN"] = ArnOf(name), ["Name"] = name, ["VersionId"] = versionId });
    }

    private async Task PutSecretValueAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(
                AwsShapes.Unknown(body, "SecretId", "SecretString", "SecretBinary", "ClientRequestToken", "VersionStages"),
                AwsShapes.Text(body, "SecretId", true, 1, 2048), AwsShapes.Text(body, "ClientRequestToken", false, 32, 64),
                AwsShapes.Strings(body, "VersionStages", false, 20, 256), ValueProblem(body)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        if (body["SecretString"] is null && body["SecretBinary"] is null)
        {
            await ErrorAsync(context, 400, "InvalidRequestException", "You must provide either SecretString or SecretBinary.");
            return;
        }
        var token = Str(body, "ClientRequestToken");
        string? name;
        bool reused;
        lock (_gate)
        {
            var secret = Find(Str(body, "SecretId")!);
            name = secret?.Name;
            reused = token is not null && secret?.Versions.Any(v => v.VersionId == token) == true;
        }
        if (name is null)
        {
            await NotFoundAsync(context);
            return;
        }
        if (reused)
        {
            await ErrorAsync(context, 400, "ResourceExistsException", "A resource with the ID you requested already exists.");
            return;
        }
        var versionId = Put(name, Str(body, "SecretString"), Binary(body), "AWSCURRENT", token);
        await OkAsync(context, new JsonObject
        {
            ["ARN"] = ArnOf(name), ["Name"] = name, ["VersionId"] = versionId, ["VersionStages"] = new JsonArray("AWSCURRENT"),
        });
    }

    private async Task DeleteSecretAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(
                AwsShapes.Unknown(body, "SecretId", "ForceDeleteWithoutRecovery", "RecoveryWindowInDays"),
                AwsShapes.Text(body, "SecretId", true, 1, 2048), AwsShapes.Flag(body, "ForceDeleteWithoutRecovery")) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var id = Str(body, "SecretId")!;
        var force = body["ForceDeleteWithoutRecovery"] is JsonValue f && f.GetValue<bool>();
        string? name = null;
        string? arn = null;
        var replicated = false;
        lock (_gate)
        {
            if (Find(id) is { } secret)
            {
                name = secret.Name;
                arn = secret.Arn;
                replicated = secret.Replicas.Count > 0;
                if (!replicated)
                {
                    _secrets.Remove(secret.Name);
                    if (!force) _scheduledForDeletion.Add(secret.Name);
                }
            }
        }
        if (name is null)
        {
            await NotFoundAsync(context);
            return;
        }
        if (replicated)
        {
            await ErrorAsync(context, 400, "InvalidRequestException", "You can't delete a secret with replicas. Remove the replica regions first.");
            return;
        }
        await OkAsync(context, new JsonObject { ["ARN"] = arn, ["Name"] = name, ["DeletionDate"] = EpochSeconds(DateTimeOffset.UtcNow.AddDays(force ? 0 : 30)) });
    }

    /// <summary>SecretString (0–65,536 characters) and SecretBinary (base64 of 1–65,536 bytes) are exclusive.</summary>
    private static (string Type, string Message)? ValueProblem(JsonObject body)
    {
        if (AwsShapes.Text(body, "SecretString", false, 0, 65536) is { } text) return text;
        if (AwsShapes.Text(body, "SecretBinary", false) is { } binary) return binary;
        if (body["SecretBinary"] is not null)
        {
            var raw = Str(body, "SecretBinary")!;
            var buffer = new byte[raw.Length];
            if (!Convert.TryFromBase64String(raw, buffer, out var length)) return ("SerializationException", "SecretBinary is not valid base64");
            if (length is 0 or > 65536) return ("ValidationException", "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length between 1 and 65536");
            if (body["SecretString"] is not null) return ("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        return null;
    }

    private static byte[]? Binary(JsonObject body) => Str(body, "SecretBinary") is { } b ? Convert.FromBase64String(b) : null;
}
