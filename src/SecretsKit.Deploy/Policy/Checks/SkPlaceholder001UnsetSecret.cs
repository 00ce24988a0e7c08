using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-PLACEHOLDER-001: a value of an encrypted values file (or <c>secrets:</c>) that is still <c>CHANGE_ME</c>, the
/// placeholder <c>secretskit clone --keys-only</c> writes for every key of a new environment: the secret was never set.
/// Read from the values (whether or not the chart renders the key); names the key and its file, never a value.
/// </summary>
internal sealed class SkPlaceholder001UnsetSecret : PlaintextCheck
{
    public override string Id => "SK-PLACEHOLDER-001";

    public override string Title => "Secret still holds its placeholder";

    public override PolicySeverity Severity => PolicySeverity.Critical;

    /// <summary>Objects are not looked at: the values are (<see cref="EvaluateValues"/>).</summary>
    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o) => [];

    public override IEnumerable<PolicyHit> EvaluateValues(ValueProvenance values) =>
        values.EncryptedKeysHolding(KeyPlaceholders.Value).Select(origin => new PolicyHit(origin.Key,
            $"{origin} is still {KeyPlaceholders.Value} (written by secretskit clone --keys-only): set the real value with secretskit edit {origin.Source}"));
}
