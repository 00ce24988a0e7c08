using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Aws.SecretsManager;

/// <summary>
/// A secret's metadata operations, as the real API answers them: <c>TagResource</c> / <c>UntagResource</c> (at most 50
/// tags on a secret), <c>Get</c>/<c>Put</c>/<c>DeleteResourcePolicy</c> (a policy must be a JSON document with
/// <c>Version</c> and <c>Statement</c>, MalformedPolicyDocumentException; with <c>BlockPublicPolicy</c> a principal
/// <c>*</c> is PublicPolicyException), <c>ReplicateSecretToRegions</c> / <c>RemoveRegionsFromReplication</c> (regions
/// that are well formed, not the primary one, not already (or, to remove, not yet) replicas: InvalidParameterException).
/// </summary>
public sealed partial class FakeSecretsManagerServer
{
    /// <summary>The secret's resource policy, or null.</summary>
    public string? PolicyOf(string name)
    {
        lock (_gate) return _secrets[name].Policy;
    }

    /// <summary>Sets a resource policy on a secret (someone else's, or one the agent left).</summary>
    public void SetPolicy(string name, string? policy)
    {
        lock (_gate) _secrets[name].Policy = policy;
    }

    /// <summary>The secret's replica regions and their KMS keys.</summary>
    public IReadOnlyDictionary<string, string?> ReplicasOf(string name)
    {
        lock (_gate) return new Dictionary<string, string?>(_secrets[name].Replicas);
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    private async Task TagResourceAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId", "Tags"), AwsShapes.Text(body, "SecretId", true, 1, 2048), AwsShapes.Tags(body, "Tags", true)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var tags = AwsShapes.TagMap(body, "Tags");
        await UpdateAsync(context, body, secret =>
        {
            if (secret.Tags.Keys.Union(tags.Keys).Count() > AwsShapes.MaxTags) return ("LimitExceededException", "The request failed because it would exceed one of the Secrets Manager quotas: 50 tags per secret.");
            foreach (var (k, v) in tags) secret.Tags[k] = v;
            return null;
        });
    }

    private async Task UntagResourceAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId", "TagKeys"), AwsShapes.Text(body, "SecretId", true, 1, 2048), AwsShapes.Strings(body, "TagKeys", true, AwsShapes.MaxTags, 128)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        await UpdateAsync(context, body, secret =>
        {
            foreach (var key in ((JsonArray)body["TagKeys"]!).Select(k => k!.GetValue<string>())) secret.Tags.Remove(key);
            return null;
        });
    }

    private async Task GetResourcePolicyAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId"), AwsShapes.Text(body, "SecretId", true, 1, 2048)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        string? policy = null;
        await UpdateAsync(context, body, secret =>
        {
            policy = secret.Policy;
            return null;
        }, answer => { if (policy is not null) answer["ResourcePolicy"] = policy; });
    }

    private async Task PutResourcePolicyAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId", "ResourcePolicy", "BlockPublicPolicy"), AwsShapes.Text(body, "SecretId", true, 1, 2048),
                AwsShapes.Text(body, "ResourcePolicy", true, 1, 20480), AwsShapes.Flag(body, "BlockPublicPolicy")) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var policy = Str(body, "ResourcePolicy")!;
        JsonObject? document;
        try
        {
            document = JsonNode.Parse(policy) as JsonObject;
        }
        catch (JsonException)
        {
            document = null;
        }
        if (document?["Version"] is null || document["Statement"] is null)
        {
            await ErrorAsync(context, 400, "MalformedPolicyDocumentException", "This resource policy contains a syntax error.");
            return;
        }
        if (body["BlockPublicPolicy"] is JsonValue block && block.GetValue<bool>() && IsPublic(document))
        {
            await ErrorAsync(context, 400, "PublicPolicyException", "This resource policy contains a public policy.");
            return;
        }
        await UpdateAsync(context, body, secret =>
        {
            secret.Policy = policy;
            return null;
        });
    }

    private async Task DeleteResourcePolicyAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId"), AwsShapes.Text(body, "SecretId", true, 1, 2048)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        await UpdateAsync(context, body, secret =>
        {
            secret.Policy = null;
            return null;
        });
    }

    private async Task ReplicateSecretToRegionsAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId", "AddReplicaRegions", "ForceOverwriteReplicaSecret"), AwsShapes.Text(body, "SecretId", true, 1, 2048),
                body["AddReplicaRegions"] is null ? AwsShapes.Text(body, "AddReplicaRegions", true) : null, ReplicaProblem(body),
                AwsShapes.Flag(body, "ForceOverwriteReplicaSecret")) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var added = ((JsonArray)body["AddReplicaRegions"]!).OfType<JsonObject>().Select(r => (Region: Str(r, "Region")!, Key: Str(r, "KmsKeyId"))).ToList();
        await UpdateAsync(context, body, secret =>
        {
            if (added.FirstOrDefault(r => secret.Replicas.ContainsKey(r.Region)) is { Region: { } again }) return ("InvalidParameterException", $"The secret is already replicated to {again}.");
            foreach (var (region, key) in added) secret.Replicas[region] = key;
            return null;
        }, answer => answer["ReplicationStatus"] = ReplicationJsonOf(answer));
    }

    private async Task RemoveRegionsFromReplicationAsync(HttpContext context, JsonObject body)
    {
        if (AwsShapes.First(AwsShapes.Unknown(body, "SecretId", "RemoveReplicaRegions"), AwsShapes.Text(body, "SecretId", true, 1, 2048),
                AwsShapes.Strings(body, "RemoveReplicaRegions", true, 50, 128)) is { } bad)
        {
            await RefuseAsync(context, bad);
            return;
        }
        var removed = ((JsonArray)body["RemoveReplicaRegions"]!).Select(r => r!.GetValue<string>()).ToList();
        await UpdateAsync(context, body, secret =>
        {
            if (removed.FirstOrDefault(r => !secret.Replicas.ContainsKey(r)) is { } missing) return ("InvalidParameterException", $"The secret is not replicated to {missing}.");
            foreach (var region in removed) secret.Replicas.Remove(region);
            return null;
        }, answer => answer["ReplicationStatus"] = ReplicationJsonOf(answer));
    }

    /// <summary>Runs <paramref name="change"/> on the secret <c>SecretId</c> names, answers its ARN and Name (plus <paramref name="extend"/>).</summary>
    private async Task UpdateAsync(HttpContext context, JsonObject body, Func<FakeSecret, (string Type, string Message)?> change, Action<JsonObject>? extend = null)
    {
        (string Type, string Message)? problem = null;
        JsonObject? answer = null;
        lock (_gate)
        {
            if (Find(Str(body, "SecretId")!) is { } secret)
            {
                problem = change(secret);
                answer = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
            }
        }
        if (answer is null)
        {
            await NotFoundAsync(context);
            return;
        }
        if (problem is { } refused)
        {
            await RefuseAsync(context, refused);
            return;
        }
        extend?.Invoke(answer);
        await OkAsync(context, answer);
    }

    /// <summary>Each <c>AddReplicaRegions</c> item: <c>{Region, KmsKeyId}</c>, a well-formed region other than this one.</summary>
    private (string Type, string Message)? ReplicaProblem(JsonObject body)
    {
        switch (body["AddReplicaRegions"])
        {
            case null:
                return null;
            case JsonArray regions:
                foreach (var item in regions)
                {
                    if (item is not JsonObject replica) return ("SerializationException", "Unexpected value type in AddReplicaRegions: expected objects");
                    if (AwsShapes.First(AwsShapes.Unknown(replica, "Region", "KmsKeyId"), AwsShapes.Text(replica, "Region", false, 1, 128), AwsShapes.Text(replica, "KmsKeyId", false, 0, 2048)) is { } bad) return bad;
                    var region = Str(replica, "Region") ?? "";
                    if (!RegionPattern().IsMatch(region) || region == Region) return ("InvalidParameterException", $"Invalid replica region: {region}");
                }
                return null;
            default:
                return ("SerializationException", "Unexpected value type for AddReplicaRegions: expected a list");
        }
    }

    private static bool IsPublic(JsonObject policy) =>
        (policy["Statement"] is JsonArray many ? many : new JsonArray(policy["Statement"]!.DeepClone())).OfType<JsonObject>().Any(statement =>
            statement["Principal"] is JsonValue star && star.GetValueKind() == JsonValueKind.String && star.GetValue<string>() == "*"
            || statement["Principal"]?["AWS"] is JsonValue aws && aws.GetValueKind() == JsonValueKind.String && aws.GetValue<string>() == "*");

    private JsonArray ReplicationJsonOf(JsonObject answer)
    {
        lock (_gate) return ReplicationJson(_secrets[answer["Name"]!.GetValue<string>()]);
    }

    private static JsonArray ReplicationJson(FakeSecret secret) =>
        new([.. secret.Replicas.Select(r =>
        {
            var status = new JsonObject { ["Region"] = r.Key, ["Status"] = "InSync" };
            if (r.Value is not null) status["KmsKeyId"] = r.Value;
            return (JsonNode)status;
        })]);
}
