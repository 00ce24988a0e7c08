namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// Where a values leaf came from: its key path (<c>database.password</c>), the values file or entry as the user named it
/// (<c>environments/staging/secrets.yaml</c>, <c>set image.tag</c>) and whether that source was encrypted (a SOPS file or
/// a <c>ref+</c> reference). Never the value.
/// </summary>
public sealed record ValueOrigin(string Key, string Source, bool Encrypted)
{
    /// <summary><c>values key database.password (environments/staging/secrets.yaml)</c>.</summary>
    public override string ToString() => $"values key {Key} ({Source})";
}
