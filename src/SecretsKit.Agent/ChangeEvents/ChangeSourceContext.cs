using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// What a source connects with: the store, the annotation's address (after <c>scheme://</c>), the store's provider spec
/// with its credentials reader and the agent's endpoint overrides and retry policy (<see cref="ProviderSpec.Context"/>),
/// as the store's own provider client gets them.
/// </summary>
internal sealed record ChangeSourceContext(StoreResource Store, string Address, ProviderSpec Spec);
