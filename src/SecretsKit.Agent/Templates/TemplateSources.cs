using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// The ConfigMaps and Secrets (of the ExternalSecret's namespace) that <c>target.template.templateFrom</c> names, read
/// before the render as ESO reads them: a missing one fails the sync (<c>configmaps "x" not found</c>).
/// </summary>
internal sealed record TemplateSources(IReadOnlyDictionary<string, JsonObject> ConfigMaps, IReadOnlyDictionary<string, JsonObject> Secrets)
{
    public static readonly TemplateSources None = new(new Dictionary<string, JsonObject>(), new Dictionary<string, JsonObject>());

    public static Task<TemplateSources> ReadAsync(ExternalSecretResource es, CachedReader reads, CancellationToken ct) =>
        ReadAsync(es.Target.Template, es.Namespace, reads, ct);

    /// <summary>The sources of <paramref name="template"/> (an ExternalSecret's or a PushSecret's) in namespace <paramref name="ns"/>.</summary>
    public static async Task<TemplateSources> ReadAsync(TemplateSpec? template, string ns, CachedReader reads, CancellationToken ct)
    {
        if (template is not { From.Count: > 0 }) return None;
        var configMaps = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var from in template.From)
        {
            if (from.ConfigMap is { } cm && !configMaps.ContainsKey(cm.Name)) configMaps[cm.Name] = await GetAsync(ResourceTypes.ConfigMap, "configmaps", ns, cm.Name, reads, ct);
            if (from.Secret is { } s && !secrets.ContainsKey(s.Name)) secrets[s.Name] = await GetAsync(ResourceTypes.Secret, "secrets", ns, s.Name, reads, ct);
        }
        return new TemplateSources(configMaps, secrets);
    }

    private static async Task<JsonObject> GetAsync(ResourceType type, string plural, string ns, string name, CachedReader reads, CancellationToken ct) =>
        await reads.TryGetAsync(type, ns, name, ct)
            ?? throw new ReconcileException(Messages.SecretSyncedError, $"error fetching templateFrom data: {plural} \"{name}\" not found");
}
