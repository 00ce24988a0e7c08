namespace SecretsKit.Agent.Reconcile.PushSecrets;

/// <summary>PushSecret condition reasons and messages, as ESO writes them.</summary>
internal static class PushSecretReasons
{
    public const string Synced = "Synced";
    public const string Errored = "Errored";
    public const string SyncedMessage = "PushSecret synced successfully";

    public static string StoreKey(string kind, string name) => $"{kind}/{name}";
}
