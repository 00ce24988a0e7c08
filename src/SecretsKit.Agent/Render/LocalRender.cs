using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Agent.Render;

/// <summary>
/// <c>secretskit-agent render</c>: the manifests are loaded into a <see cref="LocalObjectStore"/> as an API server
/// would hold them, and the agent's own controller runs one pass against it through <see cref="LocalApiHandler"/>, so
/// store resolution and conditions, credentials, fetching, generators, templates, ownership and the Secret build are
/// the reconciler's, not a copy. Then each ExternalSecret's outcome and the Secret it wrote locally are printed as a
/// YAML stream, values redacted unless <c>--reveal</c>.
/// </summary>
internal static class LocalRender
{
    /// <summary>The kinds loaded; anything else in the manifests is skipped with a note.</summary>
    private static readonly ResourceType[] Loaded =
    [
        ResourceTypes.Namespace, ResourceTypes.Secret, ResourceTypes.ConfigMap, ResourceTypes.ServiceAccount, ResourceTypes.SecretStore, ResourceTypes.ClusterSecretStore,
        ResourceTypes.ExternalSecret, ResourceTypes.ClusterExternalSecret, .. GeneratorRegistry.Types,
    ];

    public static async Task<int> RunAsync(RenderCommand command, TextReader stdin, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var store = new LocalObjectStore(time);
        var skipped = new List<string>();
        var objects = ManifestReader.Read(command.Files, stdin, skipped);
        foreach (var note in Load(store, objects, skipped)) await error.WriteLineAsync("secretskit-agent: " + note);
        if (command.Reveal) await error.WriteLineAsync("secretskit-agent: warning: --reveal prints secret values; keep the output out of logs, tickets and shared terminals");
        using var kube = new KubernetesClient(new KubernetesClientConfiguration { Server = LocalApiHandler.Address }, new LocalApiHandler(store));
        var options = new AgentOptions();
        var controller = new AgentController(kube, options, new ProviderFactory(kube, new ProviderOptions { Time = time }), new AgentMetrics(time), time);
        await controller.RunPassAsync(ct);
        foreach (var line in skipped) await output.WriteLineAsync($"# {line}".ReplaceLineEndings(" "));
        if (skipped.Count > 0 && store.List(ResourceTypes.ExternalSecret.Group, ResourceTypes.ExternalSecret.Plural, null).Count > 0) await output.WriteLineAsync("---");
        return await ReportAsync(store, command.Reveal, output, error, skipped.Count);
    }

    /// <summary>
    /// Creates every loaded object (and the Namespaces they live in); returns a note per document of a kind not loaded.
    /// An object the API server would refuse (no name, a name or namespace that is no DNS name, a metadata or spec that is
    /// no mapping, a second object of the same kind and name) is added to <paramref name="skipped"/> and the others load.
    /// </summary>
    private static List<string> Load(LocalObjectStore store, List<(string Source, JsonObject Object)> objects, List<string> skipped)
    {
        var notes = new List<string>();
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (source, obj) in objects)
        {
            var kind = obj.GetKind() ?? "";
            var group = (obj.GetApiVersion() ?? "").Split('/') is [var g, _] ? g : "";
            if (Loaded.FirstOrDefault(t => t.Kind == kind && t.Group == group) is not { } type)
            {
                notes.Add(kind switch
                {
                    "PushSecret" => $"{source}: PushSecret {Echo.Bounded(Str(obj["metadata"], "name"))} skipped: a render never writes to a store",
                    "SopsSecret" => $"{source}: SopsSecret {Echo.Bounded(Str(obj["metadata"], "name"))} skipped: a render covers ExternalSecrets only (the agent reconciles SopsSecrets in a cluster; `secretskit decrypt` shows what one holds)",
                    _ => $"{source}: {(kind.Length == 0 ? "a document without kind" : Echo.Bounded(kind) + " " + Echo.Bounded(Str(obj["metadata"], "name")))} skipped: not read by the agent",
                });
                continue;
            }
            if (ManifestObjects.Problem(type, obj) is { } problem)
            {
                skipped.Add($"{kind} {ManifestObjects.Describe(type, obj)} ({source}): not synced: {problem}");
                continue;
            }
            var ns = type.Namespaced ? obj.GetNamespace() is { Length: > 0 } given ? given : "default" : "";
            obj.Remove("status");
            if (type == ResourceTypes.Secret) MergeStringData(obj);
            if (!store.TryCreate(type.Group, type.Plural, ns, obj))
            {
                skipped.Add($"{kind} {(ns.Length > 0 ? ns + "/" : "")}{obj.GetName()} ({source}): not synced: defined twice; the first definition is used");
                continue;
            }
            if (ns.Length > 0) namespaces.Add(ns);
        }
        foreach (var ns in namespaces) store.TryCreate("", "namespaces", "", KubeObjectMetadata.New(ResourceTypes.Namespace, ns));
        return notes;
    }

    private static string Str(JsonNode? obj, string field) => obj is JsonObject o && Json.Str(o[field]) is { } s ? s : "";

    /// <summary>As the API server does on write: <c>stringData</c> entries become base64 <c>data</c> entries (and win over them).</summary>
    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject strings) return;
        if (secret["data"] is not JsonObject data) secret["data"] = data = [];
        foreach (var (key, value) in strings)
        {
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value is JsonValue v ? v.ToString() : ""));
        }
        secret.Remove("stringData");
    }

    private static async Task<int> ReportAsync(LocalObjectStore store, bool reveal, TextWriter output, TextWriter error, int skipped)
    {
        var all = store.List(ResourceTypes.ExternalSecret.Group, ResourceTypes.ExternalSecret.Plural, null);
        var rendered = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var (ns, name) = (all[i].GetNamespace() ?? "default", all[i].GetName() ?? "");
            var condition = Condition.Find(all[i]["status"]);
            if (i > 0) await output.WriteLineAsync("---");
            if (condition is not { IsTrue: true })
            {
                var why = condition is null ? "not reconciled: its store belongs to another controller (spec.controller)" : $"{condition.Reason}: {condition.Message}";
                await output.WriteLineAsync($"# ExternalSecret {ns}/{name}: not synced: {why}".ReplaceLineEndings(" "));
                continue;
            }
            var target = Json.Str((all[i]["spec"] as JsonObject)?["target"] is JsonObject to ? to["name"] : null) is { Length: > 0 } t ? t : name;
            await output.WriteLineAsync($"# ExternalSecret {ns}/{name}: {condition.Reason}");
            if (store.Get("", ResourceTypes.Secret.Plural, ns, target) is { } secret) await output.WriteAsync(RenderedSecret.Yaml(secret, reveal));
            else if (store.Get("", ResourceTypes.ConfigMap.Plural, ns, target) is { } configMap && configMap.GetLabel(SecretLabels.Managed) == "true")
            {
                await output.WriteAsync(RenderedSecret.Yaml(configMap, reveal, configMap: true));
            }
            rendered++;
        }
        var notRead = skipped == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {skipped} other {(skipped == 1 ? "object or file" : "objects or files")} not read");
        await error.WriteLineAsync(all.Count == 0
            ? "secretskit-agent: no ExternalSecret in the manifests" + notRead
            : string.Create(CultureInfo.InvariantCulture, $"secretskit-agent: {rendered} of {all.Count} ExternalSecrets rendered{notRead}"));
        return all.Count > 0 && rendered == all.Count && skipped == 0 ? 0 : 1;
    }
}
