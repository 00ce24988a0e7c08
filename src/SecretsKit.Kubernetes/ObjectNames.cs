using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes;

/// <summary>
/// The one check of object and namespace names before they become part of a URL: a name is a DNS-1123 subdomain
/// (at most 253 lowercase alphanumerics, '-' or '.', starting and ending alphanumeric), a namespace a DNS-1123 label
/// (at most 63, no '.'). So <c>""</c>, <c>"."</c>, <c>".."</c> or <c>"a/b"</c> can never address a collection, a parent
/// or another object.
/// </summary>
public static class ObjectNames
{
    public static bool IsDnsSubdomain(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 253) return false;
        foreach (var label in name.Split('.'))
        {
            if (!IsLabelChars(label)) return false;
        }
        return true;
    }

    public static bool IsDnsLabel(string? name) => !string.IsNullOrEmpty(name) && name.Length <= 63 && IsLabelChars(name);

    /// <summary>Throws <see cref="KubernetesInvalidNameException"/> unless <paramref name="name"/> is a DNS subdomain.</summary>
    public static void EnsureValid(ResourceType type, string? ns, string? name)
    {
        if (ns is not null && !IsDnsLabel(ns)) throw new KubernetesInvalidNameException(type.Kind, "namespace", ns);
        if (!IsDnsSubdomain(name)) throw new KubernetesInvalidNameException(type.Kind, "name", name ?? "");
    }

    private static bool IsLabelChars(string label) =>
        label.Length > 0 && IsAlnum(label[0]) && IsAlnum(label[^1]) && label.All(c => IsAlnum(c) || c == '-');

    private static bool IsAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
