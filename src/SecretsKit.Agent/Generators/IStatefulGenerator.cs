using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Generators;

/// <summary>
/// A generator that creates something remote which must be removed again (a Grafana service account token, a GitLab
/// deploy token): ESO's <c>Generate</c> returning a <c>GeneratorProviderState</c> and its <c>Cleanup</c>. The agent keeps
/// that state in a <c>GeneratorState</c> owned by the ExternalSecret or PushSecret, and calls
/// <see cref="CleanupAsync"/> once the state is replaced (after the grace period) or its owner goes.
/// </summary>
internal interface IStatefulGenerator : IGenerator
{
    /// <summary>The generated keys plus the state <see cref="CleanupAsync"/> needs (null: nothing to clean up).</summary>
    Task<GeneratedWithState> GenerateWithStateAsync(GeneratorCall call, CancellationToken ct);

    /// <summary>
    /// Removes what one <see cref="GenerateWithStateAsync"/> created. <paramref name="call"/> carries the generator's spec
    /// as it was then and the GeneratorState's namespace. Idempotent: what is already gone is not an error.
    /// </summary>
    Task CleanupAsync(GeneratorCall call, JsonNode state, CancellationToken ct);
}

/// <summary>What a stateful generator produced: the keys, and the state that undoes it (ESO's GeneratorProviderState).</summary>
internal sealed record GeneratedWithState(IReadOnlyDictionary<string, byte[]> Values, JsonNode? State);
