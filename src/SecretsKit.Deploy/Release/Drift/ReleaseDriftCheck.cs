using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Kubernetes;

namespace SecretsKit.Deploy.Release.Drift;

/// <summary>
/// <c>release drift</c>: for each release, what helm applied (<c>helm get manifest</c>) against the live objects, read with
/// a GET through the Kubernetes client on the release's kube context (the kubeconfig helm reads). Only the fields a
/// manifest sets are compared (<see cref="FieldDrift"/>), a Secret's data by hash (<see cref="SecretDrift"/>); objects
/// missing live are named. Nothing is decrypted and nothing is written.
/// </summary>
public sealed class ReleaseDriftCheck(HelmClient helm, ClusterConnections clusters, IReadOnlyList<DriftIgnore> ignores)
{
    private static readonly HashSet<string> Never = new(StringComparer.Ordinal) { "apiVersion", "kind", "status" };

    public async Task<DriftReport> RunAsync(string environmentName, IReadOnlyList<ReleaseTarget> targets, CancellationToken ct)
    {
        var results = new List<ReleaseDriftResult>();
        foreach (var target in targets.Where(t => t.Spec.Installed)) results.Add(await ReleaseAsync(target, ct));
        return new DriftReport(environmentName, results);
    }

    private async Task<ReleaseDriftResult> ReleaseAsync(ReleaseTarget target, CancellationToken ct)
    {
        var manifest = await helm.RunAsync(HelmCommandLines.GetManifest(target), ct);
        if (manifest.NotFound) return new ReleaseDriftResult(target.Id, false, [], 0);
        if (!manifest.Ok) return new ReleaseDriftResult(target.Id, true, [], 0, $"helm get manifest failed (exit {manifest.ExitCode}): {Echo.Bounded(manifest.Stderr.Trim(), 400)}");
        var drifted = new List<ObjectDrift>();
        var objects = Objects(manifest.Stdout);
        try
        {
            var client = clusters.Client(clusters.ContextName(target.KubeContext));
            foreach (var obj in objects)
            {
                if (await ObjectAsync(client, obj, target.Namespace, ct) is { } found) drifted.Add(found);
            }
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or ArgumentException)
        {
            return new ReleaseDriftResult(target.Id, true, drifted, objects.Count, $"cannot read the live objects: {Echo.Bounded(e.Message, 400)}");
        }
        return new ReleaseDriftResult(target.Id, true, drifted, objects.Count);
    }

    /// <summary>One object of the manifest against its live version; null when nothing drifted.</summary>
    private async Task<ObjectDrift?> ObjectAsync(KubernetesClient client, JsonObject manifest, string releaseNamespace, CancellationToken ct)
    {
        var apiVersion = Text(manifest, "apiVersion") ?? "";
        var kind = Text(manifest, "kind") ?? "";
        var name = Text(manifest["metadata"] as JsonObject, "name") ?? "";
        var type = await client.FindResourceTypeAsync(apiVersion, kind, ct);
        var ns = type is null || type.Namespaced ? Text(manifest["metadata"] as JsonObject, "namespace") ?? releaseNamespace : null;
        if (type is null) return new ObjectDrift(apiVersion, kind, ns, name, true, []) { Reason = $"the cluster serves no {kind} in {apiVersion}" };
        if (await client.TryGetAsync(type, ns, name, ct) is not { } live) return new ObjectDrift(apiVersion, kind, ns, name, true, []);
        bool Ignored(string pointer) => ignores.Any(i => i.Covers(kind, name, pointer));
        var fields = new FieldDrift(Ignored);
        var secret = kind == "Secret" && apiVersion == "v1";
        fields.CompareObject(manifest, live, secret ? new HashSet<string>(Never.Concat(SecretDrift.Sections), StringComparer.Ordinal) : Never);
        var changes = secret ? [.. fields.Changes, .. SecretDrift.Compare(manifest, live, Ignored)] : fields.Changes;
        return changes.Count == 0 ? null : new ObjectDrift(apiVersion, kind, ns, name, false, changes);
    }

    /// <summary>The objects of helm's manifest (each item of a <c>kind: List</c>), as JSON typed as Kubernetes types YAML.</summary>
    private static List<JsonObject> Objects(string manifest)
    {
        var objects = new List<JsonObject>();
        foreach (var doc in RenderedDocument.Split(manifest).SelectMany(ManifestList.Expand))
        {
            if (doc.Root is not { } root) continue;
            if (YamlJson.Convert(root) is JsonObject o && Text(o, "kind") is not null && Text(o["metadata"] as JsonObject, "name") is not null) objects.Add(o);
        }
        return objects;
    }

    private static string? Text(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
}
