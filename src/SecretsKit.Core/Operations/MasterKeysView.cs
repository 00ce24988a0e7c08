using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <c>edit -s/--show-master-keys</c>: the editor sees the plaintext values together with the <c>sops</c> metadata block,
/// and what the user changes in the key lists takes effect. The data key stays the same; when the key groups or the
/// threshold changed it is rewrapped for the new groups (Shamir shares re-split), otherwise the stored blobs are kept.
/// The MAC and <c>lastmodified</c> always come from the original file, never from the edited text.
/// </summary>
public sealed class MasterKeysView(SopsEngine engine)
{
    /// <summary>What the editor shows: plaintext values plus the metadata block, in the file's format.</summary>
    public static byte[] Render(DecryptedFile file, IFormat format) =>
        format.EmitEncrypted(file.Plain, MetadataWriter.Write(file.Metadata));

    /// <summary>
    /// Parses the edited text and re-encrypts it with the original data key. Throws (exit 1 for metadata problems,
    /// 2 for a parse error) without touching anything, so the caller can reopen the editor.
    /// </summary>
    public async Task<EncryptedFile> ApplyAsync(DecryptedFile original, byte[] edited, string fileName, IFormat format, CancellationToken cancellationToken = default)
    {
        var document = SecretFileReader.Parse(edited, fileName, format);
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        if (metadata.KeyGroups.Count == 0 || metadata.KeyGroups.All(g => g.Count == 0))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{fileName}: no master keys were provided, so the file can't be encrypted",
                "keep at least one key in the sops metadata block");
        }
        var groups = MasterKeys.FromMetadata(engine.Registry, metadata.KeyGroups);
        var threshold = KeyRewrapper.Normalize(metadata.ShamirThreshold, groups.Count);
        var originalGroups = MasterKeys.FromMetadata(engine.Registry, original.Metadata.KeyGroups);
        var keyGroups = SameGroups(groups, originalGroups) && threshold == KeyRewrapper.Normalize(original.Metadata.ShamirThreshold, originalGroups.Count)
            ? original.Metadata.KeyGroups
            : await engine.WrapAsync(original.DataKey, groups, threshold, cancellationToken);
        var updated = metadata with
        {
            KeyGroups = keyGroups,
            ShamirThreshold = groups.Count <= 1 ? 0 : threshold,
            Mac = original.Metadata.Mac,
            LastModified = original.Metadata.LastModified,
            Version = original.Metadata.Version,
        };
        return engine.Reencrypt(original, document.Tree, updated);
    }

    private static bool SameGroups(List<List<IMasterKey>> a, List<List<IMasterKey>> b) =>
        a.Count == b.Count && a.Zip(b).All(pair =>
            pair.First.Count == pair.Second.Count && pair.First.Zip(pair.Second).All(k => MasterKeys.SameKey(k.First, k.Second)));
}
