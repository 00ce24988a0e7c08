using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile.Generators;

/// <summary>
/// Runs the generator a <c>dataFrom[].sourceRef.generatorRef</c> names: a <c>Password</c> or <c>UUID</c> in the
/// ExternalSecret's namespace, or a cluster-scoped <c>ClusterGenerator</c> (<c>spec.kind</c> + <c>spec.generator.passwordSpec|uuidSpec</c>)
/// that any namespace may use. Values are generated when the ExternalSecret is fetched (first sync, refreshInterval,
/// force-sync or a spec change); in between the target Secret keeps them, as ESO does.
/// </summary>
internal sealed class GeneratorResolver(KubernetesClient kube)
{
    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorRef reference, string ns, CancellationToken ct)
    {
        var (type, scope) = reference.Kind switch
        {
            "Password" => (ResourceTypes.Password, ns),
            "UUID" => (ResourceTypes.Uuid, ns),
            "ClusterGenerator" => (ResourceTypes.ClusterGenerator, (string?)null),
            var other => throw new ReconcileException(Messages.UnsupportedFieldReason, Messages.UnsupportedField($"generatorRef.kind={other}")),
        };
        var obj = await kube.TryGetAsync(type, scope, reference.Name, ct)
            ?? throw new ReconcileException(Messages.SecretSyncedError, $"{reference.Kind} {(scope is null ? "" : scope + "/")}{reference.Name} not found");
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        if (reference.Kind == "ClusterGenerator")
        {
            return Json.Str(spec["kind"]) switch
            {
                "Password" => PasswordGenerator.Generate(spec["generator"]?["passwordSpec"] as JsonObject ?? new JsonObject(), reference.Name),
                "UUID" => UuidGenerator.Generate(),
                var kind => throw new ReconcileException(Messages.UnsupportedFieldReason, Messages.UnsupportedField($"ClusterGenerator {reference.Name} spec.kind={kind}")),
            };
        }
        return reference.Kind == "Password" ? PasswordGenerator.Generate(spec, reference.Name) : UuidGenerator.Generate();
    }
}
