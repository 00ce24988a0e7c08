namespace SecretsKit.Agent.Resources;

/// <summary>A <c>data[].match</c>: the Secret key (null = the whole Secret as a JSON object) and where it goes.</summary>
internal sealed record PushEntry(string? SecretKey, string RemoteKey, string? Property)
{
    /// <summary>The key under a store in <c>status.syncedPushSecrets</c> (ESO's: remote key, then <c>/property</c>).</summary>
    public string StatusKey => Property is null ? RemoteKey : $"{RemoteKey}/{Property}";
}
