using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.Controllers.Stores;

/// <summary>
/// The one rule for which SecretStores/ClusterSecretStores this agent serves (and so which ExternalSecrets it syncs):
/// a store whose <c>spec.controller</c> equals <see cref="ControllerClass"/> always; a store without
/// <c>spec.controller</c> only when <see cref="WithoutController"/> is true (the default, as ESO does, so existing
/// manifests work unchanged); a store naming any other class never. Beside ESO during a migration run with
/// <c>--claim-stores-without-controller=false</c> (chart <c>besideEso: true</c>): ESO keeps the unlabelled stores,
/// this agent takes only those marked with its class, and no store has two controllers.
/// </summary>
internal sealed record StoreClaim(string ControllerClass, bool WithoutController = true)
{
    public static StoreClaim From(AgentOptions options) => new(options.ControllerClass, options.ClaimStoresWithoutController);

    public bool Claims(StoreResource store) =>
        string.IsNullOrEmpty(store.Controller) ? WithoutController : store.Controller == ControllerClass;

    /// <summary>Why a store is not claimed, for the ExternalSecret's Ready message.</summary>
    public string Refusal(StoreDescription desc, StoreResource store) => string.IsNullOrEmpty(store.Controller)
        ? Messages.StoreWithoutControllerNotClaimed(desc, ControllerClass)
        : Messages.StoreNotClaimed(desc, store.Controller);
}
