using SecretsKit.Cel.Interpreter;

namespace SecretsKit.Cel.Library;

/// <summary>The libraries the Kubernetes API server adds for CRD validation rules and admission policies
/// (k8s.io/apiserver/pkg/cel/library): lists, regex, URLs, quantities, semantic versions, IPs and CIDRs,
/// formats; and the cel-go
/// extensions its base environment enables: sets, math, lists (version 3). (authz is left out: it needs an
/// authorizer.)</summary>
internal static class KubernetesLibrary
{
    public static FunctionRegistry Register(FunctionRegistry registry)
    {
        ListFunctions.Register(registry);
        ListsExtension.Register(registry, registry.FindMember("reverse")!);
        MathFunctions.Register(registry);
        Network.NetworkFunctions.Register(registry);
        Kubernetes.RegexFunctions.Register(registry);
        Kubernetes.UrlFunctions.Register(registry);
        Kubernetes.QuantityFunctions.Register(registry);
        Kubernetes.SemverFunctions.Register(registry);
        Kubernetes.FormatFunctions.Register(registry);
        Kubernetes.SetsFunctions.Register(registry);
        return registry;
    }
}
