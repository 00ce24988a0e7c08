using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Runtime.Scheduling;

/// <summary>
/// When an ExternalSecret refreshes: at the next slot boundary (<see cref="KeySlots"/>) of any remote key it reads, so
/// all ExternalSecrets on one key refresh together and share one provider read. An ExternalSecret without remote keys
/// refreshes one interval after its last sync.
/// </summary>
internal sealed record RefreshSchedule(IReadOnlyList<string> KeyIds, TimeSpan Interval)
{
    public static RefreshSchedule For(ExternalSecretResource es)
    {
        var ids = new List<string>();
        foreach (var from in es.DataFrom)
        {
            var store = Identity(from.SourceStore ?? es.Store, es.Namespace);
            if (from.Extract is { } ex) ids.Add(KeySlots.KeyId(store, ex.Key, ex.Version));
            else if (from.Find is { } find) ids.Add(KeySlots.FindId(store, find.NameRegex, find.Path, find.Tags));
        }
        foreach (var entry in es.Data) ids.Add(KeySlots.KeyId(Identity(entry.SourceStore ?? es.Store, es.Namespace), entry.Ref.Key, entry.Ref.Version));
        return new RefreshSchedule([.. ids.Distinct(StringComparer.Ordinal)], es.RefreshInterval);
    }

    /// <summary>The <see cref="StoreResource.Identity"/> a store reference resolves to from <paramref name="ns"/>.</summary>
    public static string Identity(StoreRef? reference, string ns) => reference switch
    {
        null => "",
        { Kind: StoreKind.SecretStore } => $"{StoreKind.SecretStore}/{ns}/{reference.Name}",
        _ => $"{StoreKind.ClusterSecretStore}//{reference.Name}",
    };

    /// <summary>The first refresh after <paramref name="lastSync"/> (requires a positive interval).</summary>
    public DateTimeOffset NextAfter(DateTimeOffset lastSync) =>
        KeyIds.Count == 0 ? lastSync + Interval : KeyIds.Min(id => KeySlots.NextBoundary(id, Interval, lastSync));
}
