
namespace SecretsKit.Agent.Model;

/// <summary>
/// Refuses templates whose Secret type makes Kubernetes mint credentials beyond the tenant's RBAC (ESO's
/// <c>validatePrivilegedTemplate</c>, advisory GHSA-fq7h-9x26-6j22): <c>bootstrap.kubernetes.io/token</c> always, and
/// <c>kubernetes.io/service-account-token</c> always too. ESO refuses the latter only with the
/// <c>kubernetes.io/service-account.name</c> annotation (or an Annotations <c>templateFrom</c>), but the API server
/// rejects that type without the annotation anyway, so refusing the type outright forbids nothing that could work.
/// </summary>
internal static class PrivilegedTemplate
{
    public const string Reason = Messages.SecretSyncedError; // as ESO: a configuration error, reported like any sync error

    private static readonly string[] AllowedTargets = ["Data", "Annotations", "Labels"];

    private static readonly string[] Refused = ["kubernetes.io/service-account-token", "bootstrap.kubernetes.io/token"];

    /// <summary>Throws a <see cref="ReconcileException"/> (reason <see cref="Reason"/>) for a refused <c>template.type</c>.</summary>
    public static void EnsureAllowed(TemplateSpec? template)
    {
        if (template?.Type is { } type && Refused.Contains(type.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new ReconcileException(Reason, $"spec.target.template.type={type} is not allowed: Kubernetes would fill it with a long-lived token");
        }
        // as ESO's ValidateSecretTemplateFromTargets: any other target would be a path into the Secret (type, ownerReferences, ...)
        foreach (var from in template?.From ?? [])
        {
            if (from.Target is "" || AllowedTargets.Contains(from.Target, StringComparer.OrdinalIgnoreCase)) continue;
            throw new ReconcileException(Reason,
                $"templateFrom target=\"{Core.Errors.Echo.Bounded(from.Target)}\" is not allowed when targeting a Secret, must be one of \"Data\", \"Annotations\" or \"Labels\"");
        }
    }
}
