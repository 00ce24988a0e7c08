using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>SK-FLUX-001: a SOPS-encrypted manifest that is not a <c>v1/Secret</c>: Flux decrypts it into an object that is not a Secret.</summary>
internal sealed class SkFlux001NotASecret : FluxCheck
{
    public override string Id => "SK-FLUX-001";

    public override string Title => "SOPS-encrypted manifest that is not a Secret";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IReadOnlyCollection<FluxDecryption.Rule> Rules => [FluxDecryption.Rule.NotASecret];
}
