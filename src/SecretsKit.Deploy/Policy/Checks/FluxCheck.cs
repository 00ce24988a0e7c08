using System.Runtime.CompilerServices;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// A check of a SOPS-encrypted manifest (a top-level <c>sops</c> block) meant for Flux's kustomize-controller: one rule of
/// <see cref="FluxDecryption"/> (the one home of Flux's facts), read from the object as Flux reads a resource, as JSON.
/// Other objects are not looked at.
/// </summary>
internal abstract class FluxCheck : PlaintextCheck
{
    private static readonly ConditionalWeakTable<PolicyObject, IReadOnlyList<FluxDecryption.Problem>> Found = new();

    /// <summary>The rules this check reports.</summary>
    protected abstract IReadOnlyCollection<FluxDecryption.Rule> Rules { get; }

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Root["sops"] is null) return [];
        var problems = Found.GetValue(o, Problems);
        return problems.Where(p => Rules.Contains(p.Rule)).Select(p => new PolicyHit("sops", "Flux's kustomize-controller: the manifest " + p.Text)).ToList();
    }

    private static IReadOnlyList<FluxDecryption.Problem> Problems(PolicyObject o)
    {
        var json = Encoding.UTF8.GetBytes(o.Root.ToJsonString());
        try
        {
            return FluxDecryption.Problems(new JsonFormat().ParseEncrypted(json), json.LongLength).ToList();
        }
        catch (SecretsKitException)
        {
            return []; // a sops key that is no sops metadata: not a SOPS document
        }
    }
}
