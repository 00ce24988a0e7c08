namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// What the agent last did for a SopsSecret: which object version it tried, when, whether it worked (and if not, whether
/// only a spec change can help), and the Secret data it wrote (for drift repair without decrypting again).
/// </summary>
internal sealed record SopsSyncState(
    string Uid,
    long Generation,
    DateTimeOffset Attempted,
    DateTimeOffset? LastDecrypted,
    bool Succeeded,
    bool Permanent,
    string TargetName,
    SopsDecryptResult? Desired);
