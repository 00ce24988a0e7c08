using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary><c>groups add</c> / <c>groups delete</c>: a new group list, the same data key re-split with fresh Shamir shares.</summary>
public sealed class GroupEditor(SopsEngine engine)
{
    /// <param name="threshold">0 keeps the file's threshold (capped at the new group count; the count when the file had none).</param>
    public Task<RewrapResult> AddAsync(EncryptedDocument document, string fileName, IReadOnlyList<IMasterKey> group, int threshold,
        DecryptionOrder? order, CancellationToken cancellationToken = default)
    {
        if (group.Count == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, "groups add needs at least one key",
                $"pass {engine.Registry.FlagList()}");
        }
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        var groups = Current(metadata);
        groups.Add(group);
        var t = threshold > 0 ? threshold : KeyRewrapper.Normalize(metadata.ShamirThreshold, groups.Count);
        return new KeyRewrapper(engine).RewrapAsync(document, fileName, groups, t, order, cancellationToken);
    }

    public Task<RewrapResult> DeleteAsync(EncryptedDocument document, string fileName, int index, int threshold,
        DecryptionOrder? order, CancellationToken cancellationToken = default)
    {
        var metadata = MetadataReader.Read(document.Metadata, fileName);
        var groups = Current(metadata);
        if (index < 0 || index >= groups.Count)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{fileName}: there is no key group {index} (the file has {groups.Count}; indices start at 0)");
        }
        if (groups.Count == 1)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{fileName}: cannot delete the only key group");
        }
        groups.RemoveAt(index);
        var t = threshold > 0 ? threshold : KeyRewrapper.Normalize(metadata.ShamirThreshold, groups.Count);
        return new KeyRewrapper(engine).RewrapAsync(document, fileName, groups, t, order, cancellationToken);
    }

    private List<IReadOnlyList<IMasterKey>> Current(SopsMetadata metadata) =>
        MasterKeys.FromMetadata(engine.Registry, metadata.KeyGroups).Select(g => (IReadOnlyList<IMasterKey>)g).ToList();
}
