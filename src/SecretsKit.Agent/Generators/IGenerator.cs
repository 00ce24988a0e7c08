using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators;

/// <summary>
/// One ESO generator kind (<c>generators.external-secrets.io/v1alpha1</c>): its namespaced resource, the key of its spec
/// inside a <c>ClusterGenerator</c>'s <c>spec.generator</c>, and how it produces its keys. Registered with one line in
/// <c>Registry/GeneratorRegistry.cs</c>, the folder above the kinds (the contract names none of them).
/// </summary>
internal interface IGenerator
{
    /// <summary>The namespaced resource (<c>Fake</c>, <c>SSHKey</c>, …).</summary>
    ResourceType Type { get; }

    /// <summary>The key under a ClusterGenerator's <c>spec.generator</c> (<c>fakeSpec</c>, <c>sshKeySpec</c>, …).</summary>
    string ClusterSpecKey { get; }

    /// <summary>The generated keys and values. Bad configuration or a failed call is a <see cref="ReconcileException"/>.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct);
}
