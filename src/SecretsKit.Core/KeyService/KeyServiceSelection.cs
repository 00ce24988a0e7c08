namespace SecretsKit.Core.KeyService;

/// <summary>
/// Which key services a run uses, in sops's order: the local one (this process's own keys and credentials) first when
/// enabled, then each remote service in the order given. Set once the command line is read; until then, and when it
/// stays local only, keys are used directly.
/// </summary>
public sealed class KeyServiceSelection
{
    public bool Local { get; private set; } = true;

    public IReadOnlyList<IKeyService> Remote { get; private set; } = [];

    /// <summary>True when keys are used in this process only (sops's default).</summary>
    public bool IsLocalOnly => Local && Remote.Count == 0;

    public void Configure(bool local, IReadOnlyList<IKeyService> remote)
    {
        Local = local;
        Remote = remote;
    }
}
