using SecretsKit.Core.Crypto;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Recovers the data key from the metadata: within a group the first key that unwraps wins; with several groups
/// the shares of enough groups (the Shamir threshold) are combined. Every failed attempt is reported (exit 128).
/// </summary>
public sealed class DataKeyRecovery(KeySourceRegistry registry, DecryptionOrder? order = null, KeyDeadlines? deadlines = null)
{
    private readonly DecryptionOrder _order = order ?? DecryptionOrder.Default;
    private readonly KeyDeadlines _deadlines = deadlines ?? KeyDeadlines.Default;
    private TimeSpan _remoteTimeLeft;

    public async Task<byte[]> RecoverAsync(SopsMetadata metadata, CancellationToken cancellationToken = default)
    {
        _remoteTimeLeft = _deadlines.Overall;
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
            // the message without .NET's " (Parameter 'shares')": the shares come from the file, not from a caller
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey, $"cannot combine the key group shares: {message}");
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
            var result = source.Kind.RemoteService ? await UnwrapRemoteAsync(key, entry, ct) : await key.UnwrapAsync(entry, ct);
            if (result.Succeeded) return result.DataKey;
            attempts.Add(new KeyAttempt(index, entry.KeyType, key.Identifier, result.Reason));
        }
        return null;
    }

    /// <summary>One attempt with a key service, within the per-key deadline and what is left of the overall one.</summary>
    private async Task<UnwrapResult> UnwrapRemoteAsync(IMasterKey key, MasterKeyEntry entry, CancellationToken ct)
    {
        if (_remoteTimeLeft <= TimeSpan.Zero)
        {
            return UnwrapResult.Failed($"not tried: key services already took the overall limit of {KeyDeadlines.Seconds(_deadlines.Overall)}");
        }
        var overallBinds = _deadlines.PerKey >= _remoteTimeLeft;
        var limit = overallBinds ? _remoteTimeLeft : _deadlines.PerKey;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var timedOut = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        try
        {
            return await key.UnwrapAsync(entry, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            timedOut = true;
            return UnwrapResult.Failed($"no answer within {KeyDeadlines.Seconds(limit)}");
        }
        finally
        {
            // a timer may fire a millisecond before the stopwatch says the time is up: a key stopped by what was left of
            // the overall limit has used all of it
            _remoteTimeLeft = timedOut && overallBinds ? TimeSpan.Zero : _remoteTimeLeft - clock.Elapsed;
        }
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
