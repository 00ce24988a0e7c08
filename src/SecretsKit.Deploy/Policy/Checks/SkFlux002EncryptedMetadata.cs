using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>SK-FLUX-002: a SOPS-encrypted manifest whose <c>apiVersion</c>, <c>kind</c> or <c>metadata</c> is encrypted, or that has no MAC: Flux cannot decrypt it.</summary>
internal sealed class SkFlux002EncryptedMetadata : FluxCheck
{
    public override string Id => "SK-FLUX-002";

    public override string Title => "SOPS-encrypted manifest Flux cannot decrypt";

    public override PolicySeverity Severity => PolicySeverity.High;

    protected override IReadOnlyCollection<FluxDecryption.Rule> Rules => [FluxDecryption.Rule.EncryptedMetadata, FluxDecryption.Rule.NoMac];
}
