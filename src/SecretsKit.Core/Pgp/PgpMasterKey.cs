using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Pgp;

/// <summary>
/// A PGP master key used through the <c>gpg</c> binary: the data key is encrypted to the fingerprint as an
/// armored <c>PGP MESSAGE</c> (stored without a trailing newline, so YAML shows <c>enc: |-</c>) and decrypted
/// with <c>gpg -d</c>, gpg-agent handling any passphrase.
/// </summary>
public sealed class PgpMasterKey : IMasterKey
{
    private readonly KeySourceContext _context;

    public PgpMasterKey(string fingerprint, KeySourceContext context)
    {
        var fp = PgpFingerprint.Normalize(fingerprint);
        if (fp.Length == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, "empty PGP fingerprint",
                "give the key's full fingerprint, e.g. from `gpg --list-keys --fingerprint`");
        }
        Fingerprint = fp;
        _context = context;
    }

    /// <summary>The fingerprint as configured, spaces removed (a trailing <c>!</c> is kept).</summary>
    public string Fingerprint { get; }

    public string KeyType => KeyKinds.Pgp.MetadataKey;

    public string Identifier => Fingerprint;

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() => new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["created_at"] = Metadata.Rfc3339.Now(_context.Time),
        ["fp"] = Fingerprint,
    });

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var gpg = new GpgCommand(_context);
        string[] args =
        [
            "--batch", "--no-default-recipient", "--yes", "--encrypt", "-a",
            "-r", Fingerprint,
            "--trusted-key", PgpFingerprint.LongKeyId(Fingerprint),
            "--no-encrypt-to",
        ];
        var outcome = await gpg.RunAsync(args, payload.ToArray(), cancellationToken);
        if (!outcome.Found)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"cannot encrypt the data key to PGP key {Echo.Bounded(Fingerprint)}: {outcome.NotFoundReason}");
        }
        var armored = Encoding.UTF8.GetString(outcome.StandardOutput).Trim();
        if (outcome.ExitCode != 0 || armored.Length == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"cannot encrypt the data key to PGP key {Echo.Bounded(Fingerprint)} with {outcome.Executable}: {outcome.Diagnostics.Replace(Fingerprint, Echo.Bounded(Fingerprint), StringComparison.Ordinal)}",
                $"import the public key into the GnuPG home {gpg.Home} (gpg --import), or set GNUPGHOME");
        }

        var createdAt = _context.Time.GetUtcNow().UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["created_at"] = createdAt,
            ["enc"] = armored,
            ["fp"] = Fingerprint,
        };
        return new MasterKeyEntry(KeyType, fields);
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        var enc = entry.Enc;
        if (enc.Length == 0)
        {
            return UnwrapResult.Failed("the pgp entry has no enc");
        }

        var gpg = new GpgCommand(_context);
        var outcome = await gpg.RunAsync(["--batch", "--status-fd", "2", "-d"], Encoding.UTF8.GetBytes(enc), cancellationToken);
        if (!outcome.Found)
        {
            return UnwrapResult.Failed(outcome.NotFoundReason);
        }
        if (outcome.ExitCode != 0)
        {
            if (outcome.SaysNoSecretKey)
            {
                return UnwrapResult.NotMine($"no secret key for {Echo.Bounded(Fingerprint)} in GnuPG home {gpg.Home}");
            }
            return UnwrapResult.Failed($"gpg -d failed (exit {outcome.ExitCode}): {outcome.Diagnostics}");
        }
        if (outcome.StandardOutput.Length == 0)
        {
            return UnwrapResult.Failed("gpg -d returned an empty data key");
        }
        return UnwrapResult.Success(outcome.StandardOutput);
    }

    public override string ToString() => Fingerprint;
}
