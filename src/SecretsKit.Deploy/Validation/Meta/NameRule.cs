using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Meta;

/// <summary>
/// Which format a kind's <c>metadata.name</c> must have, as the per-kind validation of the API server decides
/// (k8s.io/kubernetes <c>pkg/apis/*/validation</c>, and the apiextensions server for custom resources): a DNS-1123
/// subdomain unless listed here. A Namespace is a DNS-1123 label; a Service a DNS-1035 label (RFC 1123 labels only with
/// the alpha RelaxedServiceNameValidation gate); RBAC roles and bindings, flow-control objects, certificate signing
/// requests and events are path segment names; a CronJob's name is a subdomain of at most 52 characters (its Jobs append
/// 11); an IPAddress is named by its address (not checked here).
/// </summary>
internal static class NameRule
{
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string FlowControl = "flowcontrol.apiserver.k8s.io";

    /// <summary>The explanations for <paramref name="name"/> of <paramref name="key"/>'s kind (a generateName prefix when <paramref name="prefix"/>), empty when valid.</summary>
    public static List<string> Check(SchemaKey key, string name, bool prefix)
    {
        // a generateName prefix is checked without its trailing dash: a suffix follows it
        if (prefix && name.Length > 1 && name.EndsWith('-')) name = name[..^1];
        return (key.Group, key.Kind) switch
        {
            ("", "Namespace") => NameFormats.IsDns1123Label(name),
            ("", "Service") => NameFormats.IsDns1035Label(name),
            (Rbac, "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding") => NameFormats.IsPathSegmentName(name),
            (FlowControl, _) or ("certificates.k8s.io", "CertificateSigningRequest") => NameFormats.IsPathSegmentName(name),
            ("" or "events.k8s.io", "Event") => NameFormats.IsPathSegmentName(name),
            ("networking.k8s.io", "IPAddress") => [],
            ("batch", "CronJob") when !prefix && name.Length > 52 => [.. NameFormats.IsDns1123Subdomain(name), "must be no more than 52 characters"],
            _ => NameFormats.IsDns1123Subdomain(name),
        };
    }
}
