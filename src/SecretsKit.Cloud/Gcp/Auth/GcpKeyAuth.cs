namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// <c>spec.provider.gcpsm.auth.secretRef.secretAccessKeySecretRef</c>: a service account JSON key read from a Secret
/// (<see cref="GcpStoreKey"/>: the key's JSON itself, its <c>token_uri</c> checked).
/// </summary>
internal static class GcpKeyAuth
{
    private const string Field = "auth.secretRef.secretAccessKeySecretRef";

    /// <summary>The <c>secretRef</c> form of the table (<see cref="GcpStoreAuth"/>).</summary>
    public static GcpAuthSpec Spec { get; } = new("secretRef", "secretRef.secretAccessKeySecretRef", ["secretRef", "secretRef.secretAccessKeySecretRef"],
        async (spec, keyRef, http, ct) => GcpStoreKey.Tokens(spec, await spec.Credentials.ReadAsync(keyRef, Field, ct).ConfigureAwait(false), Field, http));
}
