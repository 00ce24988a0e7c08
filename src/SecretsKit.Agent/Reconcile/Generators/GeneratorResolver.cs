using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// Runs the generator a <c>dataFrom[].sourceRef.generatorRef</c> names: one of <see cref="GeneratorRegistry"/>'s kinds in
/// the ExternalSecret's namespace, or a cluster-scoped <c>ClusterGenerator</c> (<c>spec.kind</c> + <c>spec.generator.&lt;kind&gt;Spec</c>)
/// that any namespace may use. Values are generated when the ExternalSecret is fetched (first sync, refreshInterval,
/// force-sync or a spec change); in between the target Secret keeps them, as ESO does.
/// </summary>
internal sealed class GeneratorResolver(KubernetesClient kube, ProviderContext? context = null)
{
    private readonly ProviderContext _context = context ?? new ProviderContext();

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorRef reference, string ns, CancellationToken ct)
    {
        var cluster = reference.Kind == "ClusterGenerator";
        var generator = cluster ? null : GeneratorRegistry.Find(reference.Kind)
            ?? throw new ReconcileException(Messages.UnsupportedFieldReason, Messages.UnsupportedField($"generatorRef.kind={reference.Kind}"));
        var type = generator?.Type ?? ResourceTypes.ClusterGenerator;
        var scope = cluster ? null : ns;
        var obj = await kube.TryGetAsync(type, scope, reference.Name, ct)
            ?? throw new ReconcileException(Messages.SecretSyncedError, $"{reference.Kind} {(scope is null ? "" : scope + "/")}{reference.Name} not found");
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        if (cluster)
        {
            var kind = Json.Str(spec["kind"]);
            generator = GeneratorRegistry.Find(kind ?? "")
                ?? throw new ReconcileException(Messages.UnsupportedFieldReason, Messages.UnsupportedField($"ClusterGenerator {reference.Name} spec.kind={kind}"));
            spec = spec["generator"]?[generator.ClusterSpecKey] as JsonObject ?? new JsonObject();
        }
        var description = $"{reference.Kind} {(scope is null ? "" : scope + "/")}{reference.Name}";
        return await generator!.GenerateAsync(new GeneratorCall(spec, description, ns, kube, _context), ct);
    }
}
