using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators;

/// <summary>The resource type of a namespaced generator kind of <c>generators.external-secrets.io/v1alpha1</c>.</summary>
internal static class GeneratorTypes
{
    public static ResourceType Namespaced(string plural, string kind) => new("generators.external-secrets.io", "v1alpha1", plural, kind, true);
}
