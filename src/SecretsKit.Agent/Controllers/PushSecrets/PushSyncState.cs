namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>What the agent remembers of a PushSecret between reconciles: which object version and source Secret it pushed, when, and whether it worked.</summary>
internal sealed record PushSyncState(string Uid, long Generation, string? SecretResourceVersion, DateTimeOffset Attempted, bool Succeeded);
