using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// <c>spec.provider.azurekv.authType: ManagedIdentity</c> (with <c>identityId</c> for a user-assigned identity): the node's
/// managed identity (<see cref="AzureManagedIdentityCredential"/>, wherever <see cref="AzureManagedIdentitySource"/> finds
/// it). It is the agent's own, so a ClusterSecretStore's only (the deliberate difference from ESO).
/// </summary>
internal static class AzureManagedIdentityAuth
{
    /// <summary>The <c>ManagedIdentity</c> row of the table (<see cref="AzureAuthMethods"/>).</summary>
    public static AzureAuthSpec Spec { get; } = new("ManagedIdentity", ["identityId"],
        (spec, _) => Task.FromResult<(IEnvironment, CloudKeyOptions)>((new MapEnvironment(new Dictionary<string, string>(), "/nonexistent", "/"),
            spec.Context.Azure with { AzureCredential = Credential(spec) })));

    private static OneLineCredential Credential(ProviderSpec spec)
    {
        if (!spec.MayUseAgentServiceAccount)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ManagedIdentity is the identity of the agent's node; "
                + "only a ClusterSecretStore may use the agent's own Azure identity (a SecretStore uses "
                + $"{AzureWorkloadIdentityAuth.Spec.AuthType} with {AzureWorkloadIdentityAuth.ServiceAccountRef})");
        }
        var source = AzureManagedIdentitySource.Detect(spec.Context.Ambient.Environment, spec.StoreName);
        var identity = SpecJson.Str(spec.Spec["identityId"]);
        if (source.Kind == AzureManagedIdentityKind.AzureArc && identity is not null)
        {
            throw new StoreConfigException($"store {spec.StoreName}: authType ManagedIdentity: Azure Arc gives only the machine's system-assigned identity; remove identityId");
        }
        var options = spec.Context.Azure;
        var time = spec.Context.Ambient.Time;
#pragma warning disable CA2000 // the HttpClient is owned by the credential, which lives as long as the store
        var http = source.Kind == AzureManagedIdentityKind.ServiceFabric
            ? AzureServiceFabricTransport.Create(source.Thumbprint!, options, time)
            : options.CreateRetryingClient(time);
#pragma warning restore CA2000
        return new OneLineCredential(new AzureManagedIdentityCredential(http, source, identity, time, options.AzureArcTokenDirectory),
            "managed identity token request");
    }
}
