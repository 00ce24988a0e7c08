namespace SecretsKit.Agent.Model;

/// <summary>Condition reasons and messages. Messages name keys and stores, never values.</summary>
internal static class Messages
{
    public const string SecretSynced = "SecretSynced";
    public const string SecretSyncedError = "SecretSyncedError";
    public const string SecretDeleted = "SecretDeleted";
    public const string StoreValid = "Valid";
    public const string StoreInvalid = "InvalidProviderConfig";
    public const string UnsupportedFieldReason = "UnsupportedField";
    public const string StoreUnsupported = UnsupportedFieldReason;
    public const string SopsDecrypted = "Decrypted";
    public const string SopsNamespaceRefused = "NamespaceNotAllowed";
    public const string SopsError = "DecryptionFailed";
    public const string InvalidSpec = "InvalidSpec";

    public const string Synced = "secret synced";
    public const string Orphaned = "secret created with creationPolicy=None or no changes";

    public static string StoreNotFound(StoreDescription store) => $"store {store} not found";
    public static string StoreNotClaimed(StoreDescription store, string controller) =>
        $"store {store} belongs to controller '{controller}', not this agent";
    public static string StoreWithoutControllerNotClaimed(StoreDescription store, string controllerClass) =>
        $"store {store} has no spec.controller and this agent runs with --claim-stores-without-controller=false; "
        + $"set spec.controller: {controllerClass} on it for this agent to serve it";
    public static string StoreNamespaceDenied(StoreDescription store, string ns) =>
        $"ClusterSecretStore {store.Name} does not allow namespace '{ns}' (spec.conditions)";
    public static string ClusterStoresDisabled(StoreDescription store, string ns) =>
        $"{store} cannot be used: this agent runs with --enable-cluster-store-reconciler=false and does not read "
        + $"ClusterSecretStores; reference a SecretStore in namespace '{ns}' instead";
    public static string OutOfResources(string kind) =>
        $"the reconcile ran out of resources ({kind}): a template or the fetched data is too large for the agent's limits";
    public static string InternalError(string kind) => $"internal error ({kind})";
    public static string WriteFailed(string target, string error) => $"could not write secret {target}: {error}";
    public static string FetchFailed(string provider, string key, string error) => $"could not get secret '{Core.Errors.Echo.Bounded(key)}' from {provider}: {error}";
    public static string MalformedField(string path, string? expected) =>
        expected is null ? $"field {path} has the wrong type (it does not match the schema)" : $"field {path} must be {expected}";
    /// <summary>An object the API client could only read in part (see <c>KubeObjectMetadata.GetUnreadableReason</c>).</summary>
    public static string Unreadable(string kind, string reason) => $"the agent cannot read this {kind}: {reason}";
    /// <summary>A store whose client was built but could not authenticate (ESO's <c>unable to validate store: …</c>).</summary>
    public static string StoreValidationFailed(string error) => $"unable to validate store: {error}";
    public static string UnsupportedField(string path) => $"field {path} is not supported by the secretskit agent";
}
