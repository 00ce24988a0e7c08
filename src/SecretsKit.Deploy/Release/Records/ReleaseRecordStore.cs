using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Deploy.Release.Records;

/// <summary>
/// Reads and writes an environment's <see cref="ReleaseRecord"/>: the ConfigMap <c>secretskit-record-&lt;environment&gt;</c>
/// (key <c>record.json</c>) in the lock's namespace on the environment's kube context, and the same JSON in a file
/// (<c>--record-file</c>). A record read back is bounded (1 MiB, depth 16) and must be of <see cref="ReleaseRecord.CurrentVersion"/>:
/// anyone who may write the ConfigMap may write anything into it.
/// </summary>
public static class ReleaseRecordStore
{
    public const string Key = "record.json";

    private const int MaxBytes = 1 << 20;

    public static string ConfigMapName(string environment) => "secretskit-record-" + environment;

    /// <summary>The record as JSON text (what the ConfigMap and the file hold).</summary>
    public static string ToJson(ReleaseRecord record) => JsonSerializer.Serialize(record, ReleaseRecordJson.Default.ReleaseRecord) + "\n";

    /// <summary><c>sha256:…</c> of a record's JSON, as <see cref="PromotedFrom.RecordDigest"/> names the source.</summary>
    public static string Digest(string json) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Writes <paramref name="record"/> to <paramref name="path"/> atomically (0644: it holds no secret).</summary>
    public static void WriteFile(string path, ReleaseRecord record) =>
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToJson(record)), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    /// <summary>Creates or replaces the environment's record ConfigMap on <paramref name="context"/> (creating the namespace when missing).</summary>
    public static async Task WriteAsync(ClusterConnections clusters, string context, string ns, ReleaseRecord record, CancellationToken cancellationToken)
    {
        var client = clusters.Client(context);
        var name = ConfigMapName(record.Environment);
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "secretskit", ["secretskit.io/environment"] = record.Environment },
            },
            ["data"] = new JsonObject { [Key] = ToJson(record) },
        };
        await clusters.InNamespaceAsync(context, ns, () => CreateOrReplaceAsync(client, ns, name, body, cancellationToken), cancellationToken);
    }

    private static async Task<bool> CreateOrReplaceAsync(KubernetesClient client, string ns, string name, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (await client.TryGetAsync(ResourceTypes.ConfigMap, ns, name, cancellationToken) is { } existing)
                {
                    body["metadata"]!["resourceVersion"] = existing["metadata"]?["resourceVersion"]?.DeepClone();
                    await client.ReplaceAsync(ResourceTypes.ConfigMap, body, cancellationToken);
                }
                else
                {
                    await client.CreateAsync(ResourceTypes.ConfigMap, body, cancellationToken);
                }
                return true;
            }
            catch (Exception e) when (e is KubernetesConflictException or KubernetesAlreadyExistsException && attempt < 3)
            {
                // written by another run between the read and the write (only without the lock): read again
            }
        }
    }

    /// <summary>The environment's record on <paramref name="context"/>, or null when there is none.</summary>
    public static async Task<(ReleaseRecord Record, string Json)?> ReadAsync(ClusterConnections clusters, string context, string ns, string environment,
        CancellationToken cancellationToken)
    {
        var name = ConfigMapName(environment);
        var map = await clusters.Client(context).TryGetAsync(ResourceTypes.ConfigMap, ns, name, cancellationToken);
        if (map is null) return null;
        var where = $"the release record of {environment} (ConfigMap {ns}/{name}, context {context})";
        if (map["data"]?[Key] is not JsonValue value || !value.TryGetValue<string>(out var json))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{where} has no {Key}");
        }
        return (Parse(json, where), json);
    }

    /// <summary>A record from JSON, bounded and checked; <paramref name="where"/> names it in errors.</summary>
    public static ReleaseRecord Parse(string json, string where)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes) throw new SecretsKitException(ExitCodes.Generic, $"{where} is larger than 1 MiB");
        ReleaseRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(json, ReleaseRecordJson.Default.ReleaseRecord);
        }
        catch (JsonException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{where} is not a valid record: {Echo.Bounded(e.Message)}");
        }
        if (record is null || record.Version != ReleaseRecord.CurrentVersion)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{where} is not a record of {ReleaseRecord.CurrentVersion}",
                "it was written by another SecretsKit version or by hand: run apply (or promote) in that environment again");
        }
        record.Releases ??= [];
        return record;
    }
}
