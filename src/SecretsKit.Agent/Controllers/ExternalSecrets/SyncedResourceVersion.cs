using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// <c>status.syncedResourceVersion</c> as ESO writes it: <c>generation-hash(labels, annotations)</c>. Unlike the
/// object's resourceVersion it does not move when only the status changes, so a restarted agent can tell whether the
/// last sync was of the current spec and metadata (including the force-sync annotation).
/// </summary>
internal static class SyncedResourceVersion
{
    public static string Of(ExternalSecretResource es) => $"{es.Generation}-{MetadataHash(es).ToString("x16", CultureInfo.InvariantCulture)}";

    /// <summary>The hash part: the first 64 bits of SHA-256 over the sorted labels and annotations (its 16 hex digits in <see cref="Of"/>).</summary>
    public static ulong MetadataHash(ExternalSecretResource es)
    {
        var text = new StringBuilder();
        foreach (var (k, v) in es.Raw.GetLabels().OrderBy(kv => kv.Key, StringComparer.Ordinal)) text.Append("l\0").Append(k).Append('\0').Append(v).Append('\n');
        foreach (var (k, v) in es.Raw.GetAnnotations().OrderBy(kv => kv.Key, StringComparer.Ordinal)) text.Append("a\0").Append(k).Append('\0').Append(v).Append('\n');
        return BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
