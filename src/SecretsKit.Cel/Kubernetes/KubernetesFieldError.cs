namespace SecretsKit.Cel.Kubernetes;

/// <summary>One validation error as the API server words it: <c>&lt;path&gt;: Invalid value: …: &lt;detail&gt;</c>
/// (the value left out for objects and arrays; <c>Forbidden</c>, <c>Required value</c>, <c>Duplicate value</c>
/// when the rule's reason says so).</summary>
public sealed record KubernetesFieldError(string Path, string Type, string? Value, string Detail)
{
    public override string ToString() => Value is null
        ? $"{Path}: {Type}: {Detail}"
        : $"{Path}: {Type}: {Value}: {Detail}";
}
