using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>
/// The table of AWS credential forms an ESO <c>auth</c> block may name, in ESO's order of precedence (the first the
/// block sets wins). The aws provider's supported <c>auth…</c> fields and its error for a SecretStore that names none are
/// generated from it; a new form is one file plus one row here. With none, a ClusterSecretStore uses the agent's ambient
/// chain (<see cref="AmbientAwsCredentials"/>).
/// </summary>
internal static class AwsAuthMethods
{
    public static IReadOnlyList<AwsAuthSpec> All { get; } =
    [
        AwsSecretRefAuth.Spec,
        AwsJwtAuth.Spec,
    ];

    /// <summary><c>auth</c> and every form's field paths, for the provider's supported fields.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["auth", .. All.SelectMany(m => m.Fields).Select(f => "auth." + f)];

    /// <summary>Every form's path, as a "needs …" error names them (<c>secretRef or jwt.serviceAccountRef</c>).</summary>
    public static string Forms { get; } = Alternatives.Or(All.Select(m => m.Path));

    /// <summary>The error for a SecretStore whose <c>auth</c> names no form.</summary>
    public static string MissingAuth(string store) =>
        $"store {store}: spec.provider.aws.auth needs {Forms} in a SecretStore; "
        + "only a ClusterSecretStore may use the agent's own AWS identity";

    /// <summary>The credentials of the first form <paramref name="auth"/> sets (its spec path is <paramref name="field"/>); null when it sets none.</summary>
    public static async Task<AWSCredentials?> FromAuthAsync(ProviderSpec spec, JsonNode? auth, string field, Func<StsClient> sts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var method in All)
        {
            if (method.Select(auth) is { } node) return await method.CreateAsync(spec, node, field, sts, ct);
        }
        return null;
    }
}
