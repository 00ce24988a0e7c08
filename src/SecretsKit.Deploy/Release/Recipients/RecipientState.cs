using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Recipients;

/// <summary>
/// The helmfile state the recipient check reads: its files and how a run loads them. The check loads it once per
/// environment with <see cref="StateLoadOptions.KeylessSecrets"/> (no private key, nothing decrypted, no values template
/// rendered), whatever <see cref="StateLoadOptions.Environment"/> says.
/// </summary>
public sealed record RecipientState(IReadOnlyList<string> StateFiles, StateLoadOptions Options)
{
    /// <summary><c>-l</c> selectors: the target's files are those of the selected releases (an environment's recipients, those of all).</summary>
    public IReadOnlyList<string> Selectors { get; init; } = [];
}
