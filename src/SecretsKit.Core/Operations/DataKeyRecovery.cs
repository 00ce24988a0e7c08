using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Recovers the data key from the metadata: within a group the first key that unwraps wins; with several groups
/// the shares of enough groups (the Shamir threshold) are combined. Every failed attempt is reported (exit 128).
/// </summary>
public sealed class DataKeyRecovery(KeySourceRegistry registry, DecryptionOrder? order = null)
{
    private readonly DecryptionOrder _order = order ?? DecryptionOrder.Default;

    public async Task<byte[]> RecoverAsync(SopsMetadata metadata, CancellationToken cancellationToken = default)
    {
        var groups = metadata.KeyGroups;
        var threshold = groups.Count == 1 ? 1 : metadata.ShamirThreshold == 0 ? groups.Count : metadata.ShamirThreshold;
        var attempts = new List<KeyAttempt>();
        var shares = new List<byte[]>();
        for (var g = 0; g < groups.Count && shares.Count < threshold; g++)
        {
            var share = await UnwrapGroupAsync(g, groups[g], attempts, cancellationToken);
            if (share is not null) shares.Add(share);
        }

        if (shares.Count < threshold)
        {
            throw new NoKeyMatchedException(attempts, groups.Count, threshold, shares.Count);
        }
        if (groups.Count == 1)
        {
            return shares[0];
        }
        try
        {
            return Shamir.Combine(shares);
        }
        catch (ArgumentException e)
        {
            throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey, $"cannot combine the key group shares: {e.Message}");
        }
    }

    private async Task<byte[]?> UnwrapGroupAsync(int index, IReadOnlyList<MasterKeyEntry> group, List<KeyAttempt> attempts, CancellationToken ct)
    {
        foreach (var entry in _order.Sort(group, e => e.KeyType))
        {
            var source = registry.Find(entry.KeyType);
            if (source is null)
            {
                attempts.Add(new KeyAttempt(index, entry.KeyType, Describe(entry), "this key type is not supported by SecretsKit"));
                continue;
            }
            IMasterKey key;
            try
            {
                key = source.FromEntry(entry);
            }
            catch (SecretsKitException e)
            {
                attempts.Add(new KeyAttempt(index, entry.KeyType, Describe(entry), e.Message));
                continue;
            }
            var result = await key.UnwrapAsync(entry, ct);
            if (result.Succeeded) return result.DataKey;
            attempts.Add(new KeyAttempt(index, entry.KeyType, key.Identifier, result.Reason));
        }
        return null;
    }

    private static string Describe(MasterKeyEntry entry)
    {
        foreach (var name in new[] { "recipient", "fp", "arn", "resource_id", "key_id", "key_name", "name" })
        {
            var v = entry.Field(name);
            if (v.Length > 0) return v;
        }
        return "(unnamed)";
    }
}
