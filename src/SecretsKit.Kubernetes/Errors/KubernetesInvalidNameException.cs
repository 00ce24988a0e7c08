using SecretsKit.Core.Errors;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>An object or namespace name that is not a valid Kubernetes name; refused before any request is built.</summary>
public sealed class KubernetesInvalidNameException(string kind, string what, string value)
    : SecretsKitException(ExitCodes.Generic, $"invalid {kind} {what} \"{Printable(value)}\": must be a lowercase RFC 1123 "
        + (what == "namespace" ? "label" : "subdomain") + " (a-z, 0-9, '-'" + (what == "namespace" ? "" : ", '.'") + ")")
{
    private static string Printable(string value) =>
        value.Length > 80 ? string.Concat(value.AsSpan(0, 80), "…") : new string([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
}
