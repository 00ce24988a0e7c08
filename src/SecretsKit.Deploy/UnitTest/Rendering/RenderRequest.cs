using System.Text;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// One distinct <c>helm template</c>: the chart, the templates kept (helm-unittest's selection patterns, helpers always
/// kept), the values as YAML, release, Kubernetes version and API versions, chart version overrides. Equal requests
/// render once. With a <see cref="Kubeconfig"/>, helm renders against that API server (<c>--dry-run=server</c>, or a
/// real install: <see cref="Install"/>), so <c>lookup</c> finds what it serves.
/// </summary>
internal sealed record RenderRequest(string ChartDirectory, string ChartName, string Route, IReadOnlyList<string> Templates, IReadOnlyList<string> Excluded, string ValuesYaml,
    string ReleaseName, string Namespace, bool Upgrade, string KubeVersion, IReadOnlyList<string> ApiVersions, string ChartVersion, string AppVersion)
{
    /// <summary>The kubeconfig of the lookup server this render reads (empty: none, a plain <c>helm template</c>).</summary>
    public string Kubeconfig { get; init; } = "";

    /// <summary>
    /// With a <see cref="Kubeconfig"/>: render through a real <c>helm install</c> (<c>helm upgrade</c> for an upgrade)
    /// against the lookup server, printed as JSON (helm before 3.17: its <c>--dry-run</c> renders without the cluster,
    /// and 3.17's <c>--take-ownership</c> is what lets a server dry-run render an object the suite also declares).
    /// </summary>
    public bool Install { get; init; }

    /// <summary>Templates rendered through a stand-in document (see <see cref="ChartCopy"/>): those a server render would refuse as no Kubernetes object.</summary>
    public IReadOnlyList<string> Wrapped { get; init; } = [];

    /// <summary>
    /// <c>.Release.Revision</c> as the templates read it (<see cref="ReleaseRevision"/>): a test's <c>release.revision</c>,
    /// 0 when it sets none, as helm-unittest renders; a rendered test suite's is helm's own 1.
    /// </summary>
    public long Revision { get; init; } = 1;

    /// <summary>The render cache key: every field, length-prefixed.</summary>
    public string Key => Join([ChartDirectory, ChartName, Route, ValuesYaml, ReleaseName, Namespace, Upgrade ? "u" : "i", KubeVersion, ChartVersion, AppVersion, Kubeconfig, Rev],
        [.. ApiVersions, "|", .. Wrapped]);

    /// <summary>The chart copy's key: the fields that shape the copy (chart, route, templates kept and excluded, version overrides, revision).</summary>
    public string CopyKey => Join([ChartDirectory, ChartName, Route, ChartVersion, AppVersion, Rev], Wrapped);

    private string Rev => Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Join(IEnumerable<string> fields, IReadOnlyList<string> extra)
    {
        var sb = new StringBuilder();
        foreach (var part in fields.Concat(Templates).Append("|").Concat(Excluded).Append("|").Concat(extra))
        {
            sb.Append(part.Length).Append(':').Append(part);
        }
        return sb.ToString();
    }
}
