using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>SK-FLUX-003: a SOPS-encrypted manifest over Flux's 5 MiB limit for a file it decrypts.</summary>
internal sealed class SkFlux003OverSizeLimit : FluxCheck
{
    public override string Id => "SK-FLUX-003";

    public override string Title => "SOPS-encrypted manifest over Flux's size limit";

    public override PolicySeverity Severity => PolicySeverity.Medium;

    protected override IReadOnlyCollection<FluxDecryption.Rule> Rules => [FluxDecryption.Rule.Size];
}
