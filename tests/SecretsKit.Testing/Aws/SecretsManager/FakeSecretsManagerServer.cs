using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.SecretsManager;

/// <summary>
/// A wire-level AWS Secrets Manager fake (JSON 1.1, <c>secretsmanager.*</c> targets): GetSecretValue (version id /
/// stage), BatchGetSecretValue (ids or filters, paged), ListSecrets (name / tag-key / tag-value / description / all
/// filters, paged), and the PushSecret writes (<c>FakeSecretsManagerServer.Writes.cs</c>, <c>.Metadata.cs</c>). Seed with <see cref="PutSecret"/>, <see cref="PutSecretBinary"/>, <see cref="TagSecret"/>;
/// <see cref="FakeHttpServer.CallCount"/> takes operation names (<c>GetSecretValue</c>…).
/// </summary>
public sealed partial class FakeSecretsManagerServer : FakeAwsJsonServer
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, FakeSecret> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _readers = new(StringComparer.Ordinal);

    private FakeSecretsManagerServer(string region)
        : base("secretsmanager", "secretsmanager", region)
    {
    }

    public static async Task<FakeSecretsManagerServer> StartAsync(string region = "us-east-1")
    {
        var server = new FakeSecretsManagerServer(region);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Largest page ListSecrets returns, whatever MaxResults asks for (AWS caps at 100). <value>Default 100.</value></summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// Adds a version holding a SecretString and gives it <paramref name="versionStage"/>; a new <c>AWSCURRENT</c>
    /// moves the old current version to <c>AWSPREVIOUS</c>, as PutSecretValue does. Returns the version id.
    /// </summary>
    public string PutSecret(string name, string value, string versionStage = "AWSCURRENT", string? versionId = null) =>
        Put(name, value, null, versionStage, versionId);

    /// <summary>Like <see cref="PutSecret"/>, with a SecretBinary.</summary>
    public string PutSecretBinary(string name, byte[] value, string versionStage = "AWSCURRENT", string? versionId = null) =>
        Put(name, null, value, versionStage, versionId);

    /// <summary>Sets tags on a secret (merging with existing ones).</summary>
    public void TagSecret(string name, IReadOnlyDictionary<string, string> tags)
    {
        lock (_gate)
        {
            foreach (var (k, v) in tags) _secrets[name].Tags[k] = v;
        }
    }

    /// <summary>
    /// Lets only the holders of <paramref name="accessKeyIds"/> read the secret (an IAM policy on one role): any other
    /// signer gets <c>AccessDeniedException</c>.
    /// </summary>
    public void RestrictTo(string name, params string[] accessKeyIds)
    {
        lock (_gate) _readers[name] = [.. accessKeyIds];
    }

    /// <summary>The ARN the fake gave a secret.</summary>
    public string ArnOf(string name)
    {
        lock (_gate) return _secrets[name].Arn;
    }

    private string Put(string name, string? text, byte[]? binary, string stage, string? versionId)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var secret))
            {
                secret = new FakeSecret(name, $"arn:aws:secretsmanager:{Region}:123456789012:secret:{name}-{Guid.NewGuid().ToString("N")[..6]}");
                _secrets[name] = secret;
            }
            var version = new FakeSecretVersion(versionId ?? Guid.NewGuid().ToString(), text, binary, DateTimeOffset.UtcNow);
            if (stage == "AWSCURRENT")
            {
                foreach (var v in secret.Versions) v.Stages.Remove("AWSPREVIOUS");
                foreach (var v in secret.Versions.Where(v => v.Stages.Remove("AWSCURRENT"))) v.Stages.Add("AWSPREVIOUS");
            }
            else
            {
                foreach (var v in secret.Versions) v.Stages.Remove(stage);
            }
            version.Stages.Add(stage);
            secret.Versions.Add(version);
            return version.VersionId;
        }
    }

    protected override Task HandleOperationAsync(HttpContext context, string operation, JsonObject body) => operation switch
    {
        "GetSecretValue" => GetSecretValueAsync(context, body),
        "BatchGetSecretValue" => BatchGetSecretValueAsync(context, body),
        "ListSecrets" => ListSecretsAsync(context, body),
        "DescribeSecret" => DescribeSecretAsync(context, body),
        "CreateSecret" => CreateSecretAsync(context, body),
        "PutSecretValue" => PutSecretValueAsync(context, body),
        "DeleteSecret" => DeleteSecretAsync(context, body),
        "TagResource" => TagResourceAsync(context, body),
        "UntagResource" => UntagResourceAsync(context, body),
        "GetResourcePolicy" => GetResourcePolicyAsync(context, body),
        "PutResourcePolicy" => PutResourcePolicyAsync(context, body),
        "DeleteResourcePolicy" => DeleteResourcePolicyAsync(context, body),
        "ReplicateSecretToRegions" => ReplicateSecretToRegionsAsync(context, body),
        "RemoveRegionsFromReplication" => RemoveRegionsFromReplicationAsync(context, body),
        _ => ErrorAsync(context, 400, "UnknownOperationException", $"unknown operation {operation}"),
    };

    private async Task GetSecretValueAsync(HttpContext context, JsonObject body)
    {
        var id = Str(body, "SecretId") ?? "";
        var versionId = Str(body, "VersionId");
        var stage = Str(body, "VersionStage");
        JsonObject? value;
        bool denied;
        lock (_gate)
        {
            var secret = Find(id);
            denied = secret is not null && _readers.TryGetValue(secret.Name, out var readers) && !readers.Contains(SignerOf(context) ?? "");
            var version = secret?.Versions.FirstOrDefault(v =>
                (versionId is null || v.VersionId == versionId) && (v.Stages.Contains(stage ?? "AWSCURRENT") || (versionId is not null && stage is null)));
            value = secret is null || version is null ? null : ValueJson(secret, version);
        }
        if (denied)
        {
            await ErrorAsync(context, 400, "AccessDeniedException", $"User: {SignerOf(context)} is not authorized to perform: secretsmanager:GetSecretValue on resource: {id}");
            return;
        }
        if (value is null)
        {
            await ErrorAsync(context, 400, "ResourceNotFoundException",
                versionId is null && stage is null ? "Secrets Manager can't find the specified secret." : "Secrets Manager can't find the specified secret value for VersionId or VersionStage.");
            return;
        }
        await OkAsync(context, value);
    }

    private async Task BatchGetSecretValueAsync(HttpContext context, JsonObject body)
    {
        var ids = (body["SecretIdList"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        if (ids is { Count: > 20 })
        {
            await ErrorAsync(context, 400, "ValidationException", "SecretIdList may hold at most 20 ids");
            return;
        }
        var values = new JsonArray();
        var errors = new JsonArray();
        string? next = null;
        lock (_gate)
        {
            if (ids is not null)
            {
                foreach (var id in ids)
                {
                    var secret = Find(id);
                    var current = secret?.Versions.FirstOrDefault(v => v.Stages.Contains("AWSCURRENT"));
                    if (secret is null || current is null)
                    {
                        errors.Add(new JsonObject { ["SecretId"] = id, ["ErrorCode"] = "ResourceNotFoundException", ["Message"] = "Secrets Manager can't find the specified secret." });
                    }
                    else
                    {
                        values.Add(ValueJson(secret, current));
                    }
                }
            }
            else
            {
                var matching = Filtered(body["Filters"] as JsonArray).ToList();
                var (page, token) = Page(matching, body, 20);
                foreach (var secret in page) values.Add(ValueJson(secret, secret.Versions.First(v => v.Stages.Contains("AWSCURRENT"))));
                next = token;
            }
        }
        var response = new JsonObject { ["SecretValues"] = values, ["Errors"] = errors };
        if (next is not null) response["NextToken"] = next;
        await OkAsync(context, response);
    }

    private async Task ListSecretsAsync(HttpContext context, JsonObject body)
    {
        var list = new JsonArray();
        string? next;
        lock (_gate)
        {
            var (page, token) = Page(Filtered(body["Filters"] as JsonArray).ToList(), body, MaxPageSize);
            foreach (var secret in page)
            {
                list.Add(new JsonObject
                {
                    ["ARN"] = secret.Arn,
                    ["Name"] = secret.Name,
                    ["Tags"] = new JsonArray(secret.Tags.Select(t => (JsonNode?)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray()),
                    ["LastChangedDate"] = EpochSeconds(secret.Versions[^1].Created),
                });
            }
            next = token;
        }
        var response = new JsonObject { ["SecretList"] = list };
        if (next is not null) response["NextToken"] = next;
        await OkAsync(context, response);
    }

    private FakeSecret? Find(string id) =>
        _secrets.TryGetValue(id, out var byName) ? byName : _secrets.Values.FirstOrDefault(s => s.Arn == id);

    private IEnumerable<FakeSecret> Filtered(JsonArray? filters)
    {
        var all = _secrets.Values.Where(s => s.Versions.Any(v => v.Stages.Contains("AWSCURRENT")));
        foreach (var filter in filters?.OfType<JsonObject>() ?? [])
        {
            var key = Str(filter, "Key");
            var values = (filter["Values"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToList() ?? [];
            all = all.Where(s => values.Any(value => key switch
            {
                "name" => s.Name.StartsWith(value, StringComparison.Ordinal),
                "tag-key" => s.Tags.Keys.Any(k => k.StartsWith(value, StringComparison.Ordinal)),
                "tag-value" => s.Tags.Values.Any(v => v.StartsWith(value, StringComparison.Ordinal)),
                "all" => s.Name.Contains(value, StringComparison.Ordinal) || s.Tags.Any(t => t.Key.Contains(value, StringComparison.Ordinal) || t.Value.Contains(value, StringComparison.Ordinal)),
                _ => false,
            }));
        }
        return all;
    }

    private static (List<FakeSecret> Page, string? NextToken) Page(List<FakeSecret> all, JsonObject body, int maxSize)
    {
        var size = Math.Min(body["MaxResults"] is JsonValue m ? m.GetValue<int>() : maxSize, maxSize);
        var start = Str(body, "NextToken") is { } token ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var page = all.Skip(start).Take(size).ToList();
        return (page, start + size < all.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private static JsonObject ValueJson(FakeSecret secret, FakeSecretVersion version)
    {
        var json = new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = version.VersionId,
            ["VersionStages"] = new JsonArray(version.Stages.Order(StringComparer.Ordinal).Select(s => (JsonNode?)s).ToArray()),
            ["CreatedDate"] = EpochSeconds(version.Created),
        };
        if (version.Text is not null) json["SecretString"] = version.Text;
        if (version.Binary is not null) json["SecretBinary"] = Convert.ToBase64String(version.Binary);
        return json;
    }

    private static string? Str(JsonObject body, string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;

    private sealed record FakeSecret(string Name, string Arn)
    {
        public List<FakeSecretVersion> Versions { get; } = [];

        public SortedDictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public string? Description { get; set; }

        public string? KmsKeyId { get; set; }

        public string? Policy { get; set; }

        /// <summary>Replica region → its KMS key (null: the region's AWS managed key).</summary>
        public SortedDictionary<string, string?> Replicas { get; } = new(StringComparer.Ordinal);
    }

    private sealed record FakeSecretVersion(string VersionId, string? Text, byte[]? Binary, DateTimeOffset Created)
    {
        public HashSet<string> Stages { get; } = new(StringComparer.Ordinal);
    }
}
