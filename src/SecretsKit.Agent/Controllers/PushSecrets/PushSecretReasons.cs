namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>PushSecret condition reasons and messages, as ESO writes them.</summary>
internal static class PushSecretReasons
{
    public const string Synced = "Synced";
    public const string Errored = "Errored";
    public const string SyncedMessage = "PushSecret synced successfully";

    /// <summary>ESO's success message; with <c>updatePolicy: IfNotExists</c> it adds that existing remote values were left alone.</summary>
    public static string SyncedMessageFor(bool ifNotExists) => ifNotExists ? SyncedMessage + ". Existing secrets in providers unchanged." : SyncedMessage;

    public static string StoreKey(string kind, string name) => $"{kind}/{name}";
}
