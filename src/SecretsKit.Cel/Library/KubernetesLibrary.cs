namespace SecretsKit.Cel.Library;

/// <summary>The libraries the Kubernetes API server adds for CRD validation rules and admission policies
/// (k8s.io/apiserver/pkg/cel/library): lists, regex, URLs, quantities, IPs and CIDRs, formats.</summary>
internal static class KubernetesLibrary
{
    public static FunctionRegistry Register(FunctionRegistry registry)
    {
        ListFunctions.Register(registry);
        Network.NetworkFunctions.Register(registry);
        return registry;
    }
}
