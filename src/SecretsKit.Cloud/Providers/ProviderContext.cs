using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Providers;

/// <summary>Client settings shared by every provider: retries, endpoint overrides, the clock and ambient environment.</summary>
public sealed record ProviderContext
{
    /// <summary>Endpoint override per service (<c>SecretsManager</c>, <c>ParameterStore</c>, <c>gcpsm</c>), for private endpoints and tests.</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Retry policy of the HTTP clients.</summary>
    public CloudRetryOptions Retry { get; init; } = new();

    /// <summary>Entra ID authority for <c>azurekv</c> stores (sovereign or private clouds, tests); null = Azure public cloud.</summary>
    public Uri? AzureAuthorityHost { get; init; }

    /// <summary>
    /// Vendor settings by their type (Google's universe domain and token endpoints as <c>GcpEndpoints</c>, …), so that the
    /// contract names no vendor; a vendor reads its own with <see cref="Setting{T}"/>.
    /// </summary>
    public IReadOnlyDictionary<Type, object> Settings { get; init; } = new Dictionary<Type, object>();

    /// <summary>Azure client options (transport, retries).</summary>
    public CloudKeyOptions Azure { get; init; } = CloudKeyOptions.Default;

    /// <summary>Clock, processes and the ambient environment (workload identity, metadata-server hosts).</summary>
    public KeySourceContext Ambient { get; init; } = KeySourceContext.System;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The Go template engine for templates in a store spec (the agent's: ESO's functions); none by default.</summary>
    public IStoreTemplates Templates { get; init; } = NoStoreTemplates.Instance;

    /// <summary>The vendor setting of type <typeparamref name="T"/>, or its defaults when none was given.</summary>
    public T Setting<T>() where T : class, new() => Settings.TryGetValue(typeof(T), out var value) ? (T)value : new T();
}
