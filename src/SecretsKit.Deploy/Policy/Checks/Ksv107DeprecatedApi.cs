using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>KSV107: the object uses a deprecated API version (with <c>--kube-version</c>: deprecated in that version or earlier).</summary>
internal sealed class Ksv107DeprecatedApi : PolicyCheck
{
    private static readonly Dictionary<(string, string), DeprecatedApis> ByKey = DeprecatedApis.All.ToDictionary(a => (a.ApiVersion, a.Kind));

    public override string Id => "KSV107";

    public override string Title => "The deprecated 'apiVersion' and 'kind' should not be used";

    public override PolicySeverity Severity => PolicySeverity.Low;

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.ApiVersion is not { } apiVersion || o.Kind is not { } kind || !ByKey.TryGetValue((apiVersion, kind), out var api)) yield break;
        // without a version every listed API is reported; with one, those deprecated in it or earlier (not a semantic version: none)
        if (o.KubernetesVersion is { } version && KubeVersion.Compare(version, KubeVersion.Table(api.DeprecatedIn).Major, KubeVersion.Table(api.DeprecatedIn).Minor) is not >= 0) yield break;
        yield return new PolicyHit("apiVersion", $"use {api.Replacement} (deprecated in {api.DeprecatedIn}, removed in {api.RemovedIn})");
    }
}
