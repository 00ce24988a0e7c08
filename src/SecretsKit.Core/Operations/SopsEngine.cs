using System.Security.Cryptography;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Tree;
using SecretsKit.Core.Encryption;

namespace SecretsKit.Core.Operations;

/// <summary>
/// The envelope operations every shell uses: encrypt a tree under a fresh data key, decrypt and verify the MAC,
/// re-encrypt with the same data key (edit/set), rotate to a new data key and rewrap key groups.
/// </summary>
public sealed class SopsEngine(KeySourceRegistry registry, TimeProvider time, KeyDeadlines? deadlines = null)
{
    private readonly KeyDeadlines _deadlines = deadlines ?? KeyDeadlines.Default;

    public KeySourceRegistry Registry => registry;

    public async Task<EncryptedFile> EncryptAsync(SopsTree plain, EncryptionSettings settings, CancellationToken cancellationToken = default)
    {
        var start = await StartAsync(plain, settings, cancellationToken);
        return Seal(plain, start.Metadata, start.DataKey, stash: null);
    }

    /// <summary>
    /// Checks <paramref name="plain"/> can be encrypted, makes a data key and wraps it: a new file, not yet sealed, as if
    /// it had just been decrypted (used by <c>edit</c> of a new file).
    /// </summary>
    public async Task<DecryptedFile> StartAsync(SopsTree plain, EncryptionSettings settings, CancellationToken cancellationToken = default)
    {
        var rules = (settings.Rules ?? CryptRules.Default).OrDefault();
        if (rules.CountSet() > 1)
        {
            throw new SecretsKitException(ExitCodes.ConflictingParameters,
                "only one of the unencrypted/encrypted suffix, regex and comment-regex settings may be used");
        }
        if (plain.Branches.Count == 0)
        {
            throw new SecretsKitException(ExitCodes.NeedAtLeastOneDocument,
                "file cannot be completely empty, it must contain at least one document");
        }
        if (plain.Branches[0].Get("sops") is not null)
        {
            throw new SecretsKitException(ExitCodes.FileAlreadyEncrypted,
                "the file already has a top-level 'sops' key: it is already encrypted", "use 'secretskit decrypt' or 'edit' instead");
        }

        var dataKey = RandomNumberGenerator.GetBytes(32);
        var groups = await WrapAsync(dataKey, settings.KeyGroups, settings.ShamirThreshold, cancellationToken);
        var threshold = settings.KeyGroups.Count > 1 && settings.ShamirThreshold == 0 ? settings.KeyGroups.Count : settings.ShamirThreshold;
        var metadata = new SopsMetadata
        {
            KeyGroups = groups,
            ShamirThreshold = settings.KeyGroups.Count > 1 ? threshold : 0,
            LastModified = Rfc3339.Now(time),
            Rules = rules,
            MacOnlyEncrypted = settings.MacOnlyEncrypted,
        };
        return new DecryptedFile(plain, metadata, dataKey);
    }

    /// <summary>
    /// Wraps the data key for every group: the whole key for one group, a Shamir share per group otherwise. A key held by a
    /// network service has the per-key deadline, and all of them together the overall one (<see cref="KeyDeadlines"/>).
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<MasterKeyEntry>>> WrapAsync(
        byte[] dataKey, IReadOnlyList<IReadOnlyList<IMasterKey>> keyGroups, int shamirThreshold, CancellationToken cancellationToken = default)
    {
        if (keyGroups.Count == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, "no master keys were provided to encrypt the data key",
                "pass --age/--pgp/--kms/… or add a creation rule with keys to .sops.yaml");
        }
        if (keyGroups.Any(g => g.Count == 0))
        {
            throw new EmptyKeyGroupException("every key group needs at least one key");
        }
        byte[][] payloads;
        if (keyGroups.Count == 1)
        {
            payloads = new[] { dataKey };
        }
        else
        {
            var threshold = shamirThreshold == 0 ? keyGroups.Count : shamirThreshold;
            if (threshold < 2 || threshold > keyGroups.Count || keyGroups.Count > 255)
            {
                throw new SecretsKitException(ExitCodes.Generic,
                    $"invalid Shamir threshold {threshold} for {keyGroups.Count} key groups (must be between 2 and the number of groups)");
            }
            payloads = Shamir.Split(dataKey, keyGroups.Count, threshold);
        }

        var result = new List<IReadOnlyList<MasterKeyEntry>>();
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(_deadlines.Overall);
        for (var g = 0; g < keyGroups.Count; g++)
        {
            var payload = payloads[g];
            var wrapped = await Task.WhenAll(keyGroups[g].Select(k => WrapOneAsync(k, payload, overall.Token, cancellationToken)));
            result.Add(wrapped);
        }
        return result;
    }

    /// <summary>Wraps with one key; a key service's within the per-key deadline and what is left of the overall one.</summary>
    private async Task<MasterKeyEntry> WrapOneAsync(IMasterKey key, byte[] payload, CancellationToken overall, CancellationToken ct)
    {
        var remote = registry.Find(key.KeyType)?.Kind.RemoteService == true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(remote ? overall : ct);
        if (remote) deadline.CancelAfter(_deadlines.PerKey);
        try
        {
            return await key.WrapAsync(payload, deadline.Token);
        }
        catch (OperationCanceledException) when (remote && !ct.IsCancellationRequested)
        {
            var limit = overall.IsCancellationRequested
                ? $"key services already took the overall limit of {KeyDeadlines.Seconds(_deadlines.Overall)}"
                : $"no answer within {KeyDeadlines.Seconds(_deadlines.PerKey)}";
            throw new SecretsKitException(ExitCodes.Generic, $"cannot encrypt the data key with {key.KeyType} key {key.Identifier}: {limit}",
                "check that the key service is reachable from here; nothing was written");
        }
        catch (SecretsKitException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SecretsKitException(ExitCodes.ErrorEncryptingTree,
                $"cannot encrypt the data key with {key.KeyType} key {key.Identifier}: {e.Message}", inner: e);
        }
    }

    public async Task<DecryptedFile> DecryptAsync(EncryptedDocument document, string fileName, DecryptOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DecryptOptions.Default;
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        var dataKey = await new DataKeyRecovery(registry, options.Order).RecoverAsync(metadata, cancellationToken);
        var walked = TreeCipher.Decrypt(document.Tree, dataKey, metadata.Rules, metadata.MacOnlyEncrypted);
        if (!options.IgnoreMac)
        {
            var stored = TreeCipher.DecryptMac(metadata.Mac, dataKey, metadata.LastModified);
            if (stored.Length == 0)
            {
                throw new MacMismatchException($"{fileName}: the file has no MAC", "use --ignore-mac to decrypt it anyway");
            }
            if (!CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(stored), System.Text.Encoding.ASCII.GetBytes(walked.MacHex)))
            {
                throw new MacMismatchException(
                    $"{fileName}: MAC mismatch: the values or lastmodified were changed outside sops/SecretsKit, or the file is corrupted",
                    "restore the file from version control; --ignore-mac decrypts it anyway");
            }
        }
        return new DecryptedFile(walked.Tree, metadata, dataKey, () => StashOf(document.Tree, dataKey, metadata));
    }

    /// <summary>
    /// The IVs of every value of an encrypted tree, by (plaintext, AAD): the same walk as the decrypt, run again only when a
    /// caller re-encrypts (a plain decrypt never pays for copying every plaintext and IV).
    /// </summary>
    private static IvStash StashOf(SopsTree encrypted, byte[] dataKey, SopsMetadata metadata)
    {
        var stash = new IvStash();
        TreeCipher.Decrypt(encrypted, dataKey, metadata.Rules, metadata.MacOnlyEncrypted, stash);
        return stash;
    }

    /// <summary>
    /// Re-encrypts <paramref name="plain"/> with the data key of <paramref name="original"/>, reusing IVs of unchanged
    /// values. When the plaintext equals the original, the original MAC and lastmodified are kept.
    /// </summary>
    public EncryptedFile Reencrypt(DecryptedFile original, SopsTree plain, SopsMetadata? metadata = null)
    {
        var meta = metadata ?? original.Metadata;
        if (plain.Equals(original.Plain) && meta.Rules == original.Metadata.Rules &&
            meta.MacOnlyEncrypted == original.Metadata.MacOnlyEncrypted && meta.Mac.Length > 0)
        {
            var same = TreeCipher.Encrypt(plain, original.DataKey, meta.Rules, meta.MacOnlyEncrypted, original.Stash);
            return new EncryptedFile(same.Tree, meta);
        }
        return Seal(plain, meta with { Version = SopsVersion.Current }, original.DataKey, original.Stash);
    }

    /// <summary>Encrypts values, stamps lastmodified and the MAC.</summary>
    public EncryptedFile Seal(SopsTree plain, SopsMetadata metadata, byte[] dataKey, IvStash? stash)
    {
        var walked = TreeCipher.Encrypt(plain, dataKey, metadata.Rules, metadata.MacOnlyEncrypted, stash);
        var lastModified = Rfc3339.Now(time);
        var mac = TreeCipher.EncryptMac(walked.MacHex, dataKey, lastModified);
        return new EncryptedFile(walked.Tree, metadata with { LastModified = lastModified, Mac = mac, Version = SopsVersion.Current });
    }
}
