using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Generators;

/// <summary>
/// One generator run: the generated keys, and for a <see cref="IStatefulGenerator"/> that returned a state, what undoes
/// it: the generator, the state, the call it was made with, and the generator manifest as it was (ESO's
/// <c>GeneratorState.spec.resource</c>: apiVersion, kind, spec, and the name of a namespaced generator).
/// </summary>
internal sealed record GeneratorRun(IReadOnlyDictionary<string, byte[]> Values, JsonObject Resource, GeneratorCall Call,
    IStatefulGenerator? Stateful = null, JsonNode? State = null)
{
    /// <summary>Whether there is a state to keep (a stateful generator returned one).</summary>
    public bool HasState => Stateful is not null && State is not null;
}
