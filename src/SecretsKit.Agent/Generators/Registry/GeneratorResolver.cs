using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Registry;

/// <summary>
/// Runs the generator a <c>dataFrom[].sourceRef.generatorRef</c> names: one of <see cref="GeneratorRegistry"/>'s kinds in
/// the ExternalSecret's namespace, or a cluster-scoped <c>ClusterGenerator</c> (<c>spec.kind</c> + <c>spec.generator.&lt;kind&gt;Spec</c>)
/// that any namespace may use. Values are generated when the ExternalSecret is fetched (first sync, refreshInterval,
/// force-sync or a spec change); in between the target Secret keeps them, as ESO does.
/// </summary>
internal sealed class GeneratorResolver(KubernetesClient kube, ProviderContext? context = null)
{
    private readonly ProviderContext _context = context ?? new ProviderContext();

    /// <summary>
    /// The generator's <c>spec.controller</c> (a ClusterGenerator's: of the spec it wraps), or null when it names none, or
    /// when the generator cannot be found or run (that is reported when it runs). As ESO's ExternalSecret controller does,
    /// an ExternalSecret whose generator names another controller class is left to that controller.
    /// </summary>
    public async Task<string?> ControllerAsync(GeneratorRef reference, string ns, CancellationToken ct)
    {
        try
        {
            var (_, spec, _, _) = await ResolveAsync(reference, ns, ct);
            return Json.Str(spec["controller"]) is { Length: > 0 } controller ? controller : null;
        }
        catch (ReconcileException)
        {
            return null;
        }
    }

    /// <summary>Runs the generator; a <see cref="IStatefulGenerator"/> also returns what undoes its run (see <see cref="GeneratorRun"/>).</summary>
    public async Task<GeneratorRun> RunAsync(GeneratorRef reference, string ns, CancellationToken ct)
    {
        var (generator, spec, cluster, scope) = await ResolveAsync(reference, ns, ct);
        var description = $"{reference.Kind} {(scope is null ? "" : scope + "/")}{reference.Name}";
        var call = new GeneratorCall(spec, description, ns, kube, _context);
        // the manifest as ESO keeps it in a GeneratorState: a ClusterGenerator becomes the namespaced kind it wraps
        var resource = new JsonObject { ["apiVersion"] = generator.Type.ApiVersion, ["kind"] = generator.Type.Kind };
        if (!cluster) resource["metadata"] = new JsonObject { ["name"] = reference.Name, ["namespace"] = ns };
        resource["spec"] = spec.DeepClone();
        if (generator is not IStatefulGenerator stateful) return new GeneratorRun(await generator.GenerateAsync(call, ct), resource, call);
        var run = await stateful.GenerateWithStateAsync(call, ct);
        return new GeneratorRun(run.Values, resource, call, run.State is null ? null : stateful, run.State);
    }

    /// <summary>The generator kind and the spec it runs with (a ClusterGenerator's wrapped spec), read from the API server.</summary>
    private async Task<(IGenerator Generator, JsonObject Spec, bool Cluster, string? Scope)> ResolveAsync(GeneratorRef reference, string ns, CancellationToken ct)
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
        return (generator!, spec, cluster, scope);
    }
}
