using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>Ready-condition reasons of a SopsSecret. Messages built with them name namespaces, keys and Secrets, never values.</summary>
internal static class SopsReasons
{
    public const string Decrypted = Messages.SopsDecrypted;
    public const string NamespaceNotAllowed = Messages.SopsNamespaceRefused;
    public const string DecryptionFailed = Messages.SopsError;
    public const string NamespacesMissing = "NamespacesMissing";
    public const string NamespacesNotProtected = "NamespacesNotProtected";
    public const string MacMismatch = "MacMismatch";
    public const string UnsupportedField = Messages.StoreUnsupported;
    public const string InvalidSpec = "InvalidSpec";
    public const string InvalidDocument = "InvalidDocument";
    public const string KeySecretNotFound = "KeySecretNotFound";
    public const string KeySecretUnreadable = "KeySecretUnreadable";
    public const string InvalidKey = "InvalidKey";
    public const string TargetConflict = "TargetConflict";
    public const string SecretWriteFailed = "SecretWriteFailed";

    /// <summary>
    /// Failures decided by the spec alone: retrying them cannot help until the generation changes. The others depend on
    /// the key Secret, the key services or the API server and are retried after <see cref="SopsSecretReconciler.RetryDelay"/>.
    /// </summary>
    public static bool IsPermanent(string reason) => reason is UnsupportedField or InvalidSpec or InvalidDocument or MacMismatch
        or NamespacesMissing or NamespacesNotProtected or NamespaceNotAllowed;
}
