namespace SecretsKit.Cel.Values;

/// <summary>How a list compares for equality: in order (CEL's lists), or as Kubernetes'
/// <c>x-kubernetes-list-type: set</c> / <c>map</c> lists, whose order does not matter.</summary>
public enum CelListKind
{
    Ordered,
    Set,
    Map,
}
