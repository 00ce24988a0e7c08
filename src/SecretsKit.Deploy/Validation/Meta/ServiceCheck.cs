using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// What Kubernetes' Service validation (<c>ValidateService</c>) refuses in <c>spec.ports</c> that no schema says: a
/// port without a name when there are several, a name used twice, the same <c>port</c> and <c>protocol</c> twice and
/// the same <c>nodePort</c> and <c>protocol</c> twice (a missing protocol is <c>TCP</c>, as the API server defaults it
/// first). In the API server's words, at the repeat; the port pair as Go prints the internal <c>core.ServicePort</c>
/// the API server compares.
/// </summary>
internal static class ServiceCheck
{
    public static void Check(SchemaKey key, ManifestMapping root, Action<string, string> report)
    {
        if (key.Group.Length != 0 || key.Version != "v1" || key.Kind != "Service") return;
        if ((root.Find("spec") as ManifestMapping) is not { } spec) return;
        var ports = PodSpecCheck.Items(spec, "ports");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new HashSet<(string Protocol, string Port)>();
        var nodePorts = new HashSet<(string Protocol, string Port)>();
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not ManifestMapping port) continue;
            var path = $"spec.ports[{i}]";
            var name = PodSpecCheck.Name(port);
            if (string.IsNullOrEmpty(name))
            {
                if (ports.Count > 1) report($"{path}.name", "Required value");
            }
            else if (!names.Add(name)) report($"{path}.name", $"Duplicate value: {GoQuote.Quote(name)}");
            if (Integer(port, "nodePort") is { } nodePort && nodePort != "0" && !nodePorts.Add((Protocol(port), nodePort)))
            {
                report($"{path}.nodePort", $"Duplicate value: {nodePort}");
            }
        }
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i] is not ManifestMapping port || Integer(port, "port") is not { } number) continue;
            var protocol = Protocol(port);
            if (pairs.Add((protocol, number))) continue;
            report($"spec.ports[{i}]", "Duplicate value: core.ServicePort{Name:\"\", Protocol:" + GoQuote.Quote(protocol) +
                ", AppProtocol:(*string)(nil), Port:" + number + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
        }
    }

    private static string Protocol(ManifestMapping port) =>
        port.Find("protocol") is ManifestScalar s && ScalarValue.Of(s) is { Kind: ScalarKind.String } v ? v.Text : "TCP";

    private static string? Integer(ManifestMapping map, string key) =>
        map.Find(key) is ManifestScalar s && ScalarValue.Of(s) is { Kind: ScalarKind.Integer } v ? v.Text : null;
}
