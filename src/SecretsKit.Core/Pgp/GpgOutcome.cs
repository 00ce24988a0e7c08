namespace SecretsKit.Core.Pgp;

/// <summary>What one gpg run produced; <see cref="Found"/> is false when the binary could not be started.</summary>
internal sealed record GpgOutcome(int ExitCode, byte[] StandardOutput, string StandardError, bool Found, string Executable)
{
    public static GpgOutcome NotFound(string executable) => new(127, Array.Empty<byte>(), "", false, executable);

    public string NotFoundReason => $"gpg not found: set SOPS_GPG_EXEC (tried '{Executable}')";

    /// <summary>True when gpg's status lines (<c>--status-fd 2</c>) or its message say no secret key is present.</summary>
    public bool SaysNoSecretKey =>
        StandardError.Contains("[GNUPG:] NO_SECKEY", StringComparison.Ordinal)
        || StandardError.Contains("No secret key", StringComparison.OrdinalIgnoreCase);

    /// <summary>gpg's human-readable stderr (status lines removed), shortened to its last lines. Never contains plaintext.</summary>
    public string Diagnostics
    {
        get
        {
            var lines = StandardError
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("[GNUPG:]", StringComparison.Ordinal))
                .TakeLast(4)
                .ToArray();
            return lines.Length == 0 ? $"gpg exited with code {ExitCode}" : string.Join("; ", lines);
        }
    }
}
