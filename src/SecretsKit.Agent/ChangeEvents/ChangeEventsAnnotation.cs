using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// The <c>secretskit.io/change-events</c> annotation of a SecretStore / ClusterSecretStore (ESO's CRDs are shared, so
/// no spec field): <c>scheme://address</c>, or a scheme alone, naming the event source. Parsed into the source kind and
/// its address, or a one-line problem for the store's <c>ChangeEventsReady</c> condition.
/// </summary>
internal static class ChangeEventsAnnotation
{
    public const string Name = "secretskit.io/change-events";

    /// <summary>Longest value read; anything longer is refused without being echoed whole.</summary>
    private const int MaxLength = 512;

    /// <summary>The parsed annotation of <paramref name="store"/>: null when it has none.</summary>
    public static ChangeEventsSetting? Of(StoreResource store, ChangeEventSources sources)
    {
        if (store.Raw.GetAnnotations().GetValueOrDefault(Name) is not { } raw) return null;
        var value = raw.Trim();
        if (value.Length == 0) return ChangeEventsSetting.Invalid(value, "the annotation is empty");
        if (value.Length > MaxLength) return ChangeEventsSetting.Invalid(Echo.Bounded(value), $"the annotation is longer than {MaxLength} characters");
        if (value.Any(char.IsControl)) return ChangeEventsSetting.Invalid(Echo.Bounded(value), "the annotation holds control characters");
        var split = value.IndexOf("://", StringComparison.Ordinal);
        var scheme = split < 0 ? value : value[..split];
        var address = split < 0 ? "" : value[(split + 3)..];
        if (sources.Find(scheme) is not { } kind)
        {
            return ChangeEventsSetting.Invalid(value, $"unknown event source '{Echo.Bounded(scheme)}' (known: {string.Join(", ", sources.Schemes)})");
        }
        if (!kind.Providers.Contains(store.ProviderName, StringComparer.Ordinal))
        {
            return ChangeEventsSetting.Invalid(value, $"{scheme} events report changes of {string.Join("/", kind.Providers)} stores, not of a '{store.ProviderName}' store");
        }
        return kind.Validate(address, store) is { } problem ? ChangeEventsSetting.Invalid(value, problem) : new ChangeEventsSetting(value, kind, address, null);
    }
}

/// <summary>A store's change-event setting: the annotation's value, its source kind and address, or why it is unusable.</summary>
internal sealed record ChangeEventsSetting(string Value, IChangeEventSourceKind? Kind, string Address, string? Problem)
{
    public static ChangeEventsSetting Invalid(string value, string problem) => new(value, null, "", problem);

    /// <summary>The metric's <c>source</c> label: the scheme.</summary>
    public string Source => Kind?.Scheme ?? "invalid";
}
