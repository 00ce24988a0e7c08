namespace SecretsKit.Agent.Model;

/// <summary>Labels every Secret (or manifest target) the agent writes carries, whatever kind wrote it.</summary>
internal static class SecretLabels
{
    /// <summary>ESO's <c>reconcile.external-secrets.io/managed=true</c>: the watches of managed Secrets select on it.</summary>
    public const string Managed = "reconcile.external-secrets.io/managed";
}
