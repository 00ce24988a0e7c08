using System.Text;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// One distinct <c>helm template</c>: the chart, the templates kept (helm-unittest's selection patterns, helpers always
/// kept), the values as YAML, release, Kubernetes version and API versions, chart version overrides. Equal requests
/// render once.
/// </summary>
internal sealed record RenderRequest(string ChartDirectory, string ChartName, string Route, IReadOnlyList<string> Templates, IReadOnlyList<string> Excluded, string ValuesYaml,
    string ReleaseName, string Namespace, bool Upgrade, string KubeVersion, IReadOnlyList<string> ApiVersions, string ChartVersion, string AppVersion)
{
    /// <summary>The render cache key: every field, length-prefixed.</summary>
    public string Key => Join([ChartDirectory, ChartName, Route, ValuesYaml, ReleaseName, Namespace, Upgrade ? "u" : "i", KubeVersion, ChartVersion, AppVersion], ApiVersions);

    /// <summary>The chart copy's key: the fields that shape the copy (chart, route, templates kept and excluded, version overrides).</summary>
    public string CopyKey => Join([ChartDirectory, ChartName, Route, ChartVersion, AppVersion], []);

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
