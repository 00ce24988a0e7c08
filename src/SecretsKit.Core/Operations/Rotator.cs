using System.Security.Cryptography;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <c>rotate</c>: a fresh data key, every value re-encrypted (the IV stash is reused but the key is new, so every
/// ciphertext and the MAC change), wrapped to the file's own keys minus <c>--rm-*</c> plus <c>--add-*</c> (added to group 0).
/// </summary>
public sealed class Rotator(SopsEngine engine)
{
    public async Task<EncryptedFile> RotateAsync(DecryptedFile file, IReadOnlyList<IMasterKey> add, IReadOnlyList<IMasterKey> remove,
        CancellationToken cancellationToken = default)
    {
        var groups = MasterKeys.FromMetadata(engine.Registry, file.Metadata.KeyGroups);
        foreach (var group in groups)
        {
            group.RemoveAll(k => remove.Any(r => MasterKeys.SameKey(k, r)));
        }
        if (add.Count > 0)
        {
            if (groups.Count == 0) groups.Add(new List<IMasterKey>());
            foreach (var key in add)
            {
                if (!groups[0].Any(k => MasterKeys.SameKey(k, key))) groups[0].Add(key);
            }
        }
        groups.RemoveAll(g => g.Count == 0);
        var threshold = KeyRewrapper.Normalize(file.Metadata.ShamirThreshold, groups.Count);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await engine.WrapAsync(dataKey, groups, threshold, cancellationToken);
        var metadata = file.Metadata with { KeyGroups = wrapped, ShamirThreshold = threshold };
        return engine.Seal(file.Plain, metadata, dataKey, file.Stash);
    }
}
