namespace SecretsKit.Core.Age;

/// <summary>
/// The identities found by <see cref="AgeKeyDiscovery"/>, the sources they came from (names and paths, never
/// content) and the problems met on the way (unreadable files, failed commands, unsupported key types).
/// </summary>
public sealed record AgeIdentitySet(
    IReadOnlyList<IAgeIdentity> Identities,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Problems)
{
    /// <summary>
    /// The problems with a source a variable names (<c>SOPS_AGE_KEY_FILE</c> that cannot be read, a failing
    /// <c>SOPS_AGE_KEY_CMD</c>, an unreadable <c>SOPS_AGE_SSH_PRIVATE_KEY_FILE</c>): warned about even when another key decrypts.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>"N identities from a, b; problems: …" for "not mine" messages.</summary>
    public string Describe()
    {
        var tried = Identities.Count == 1 ? "tried 1 identity" : $"tried {Identities.Count} identities";
        var text = Sources.Count == 0
            ? $"{tried}; no age key source found (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, or create ~/.config/sops/age/keys.txt, $XDG_CONFIG_HOME/sops/age/keys.txt when that is set)"
            : $"{tried} from {string.Join(", ", Sources)}";
        return Problems.Count == 0 ? text : $"{text}; problems: {string.Join("; ", Problems)}";
    }
}
