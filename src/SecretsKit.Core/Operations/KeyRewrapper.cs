using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Rewraps a file's <b>same</b> data key to new key groups (updatekeys, groups add/delete): the data key is recovered,
/// re-split with fresh Shamir shares when there are several groups, and wrapped by every key. Values, <c>mac</c> and
/// <c>lastmodified</c> are kept byte for byte; nothing is re-encrypted.
/// </summary>
public sealed class KeyRewrapper(SopsEngine engine)
{
    /// <summary>The threshold stored for <paramref name="groupCount"/> groups: 0 for one group, else the request capped, or the count.</summary>
    public static int Normalize(int requested, int groupCount) =>
        groupCount <= 1 ? 0 : requested <= 0 ? groupCount : Math.Min(requested, groupCount);

    /// <summary>What <see cref="RewrapAsync"/> would change, without needing any key.</summary>
    public KeyGroupDiff Preview(EncryptedDocument document, string fileName, IReadOnlyList<IReadOnlyList<IMasterKey>> groups, int threshold)
    {
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        return KeyGroupDiff.Compute(engine.Registry, metadata.KeyGroups, groups, metadata.ShamirThreshold, Stored(threshold, groups.Count));
    }

    public async Task<RewrapResult> RewrapAsync(EncryptedDocument document, string fileName,
        IReadOnlyList<IReadOnlyList<IMasterKey>> groups, int threshold, DecryptionOrder? order, CancellationToken cancellationToken = default)
    {
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        var stored = Stored(threshold, groups.Count);
        var diff = KeyGroupDiff.Compute(engine.Registry, metadata.KeyGroups, groups, metadata.ShamirThreshold, stored);
        var dataKey = await new DataKeyRecovery(engine.Registry, order).RecoverAsync(metadata, cancellationToken);
        try
        {
            var wrapped = await engine.WrapAsync(dataKey, groups, stored, cancellationToken);
            var updated = metadata with { KeyGroups = wrapped, ShamirThreshold = stored };
            return new RewrapResult(new EncryptedFile(document.Tree, updated), diff);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static int Stored(int threshold, int groupCount) => groupCount <= 1 ? 0 : threshold <= 0 ? groupCount : threshold;
}
