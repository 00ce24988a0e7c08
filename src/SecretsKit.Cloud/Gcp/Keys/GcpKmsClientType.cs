using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Gcp.Keys;

/// <summary>
/// <c>SOPS_GCP_KMS_CLIENT_TYPE</c> (sops 3.11): <c>grpc</c> (sops's default) or <c>rest</c>, any case. SecretsKit always
/// speaks the Cloud KMS REST API, which reaches the same keys, so both are accepted; anything else is refused rather
/// than silently treated as <c>grpc</c> as sops does.
/// </summary>
internal static class GcpKmsClientType
{
    public const string Variable = "SOPS_GCP_KMS_CLIENT_TYPE";

    public static void Validate(IEnvironment environment)
    {
        var value = environment.Get(Variable);
        if (string.IsNullOrEmpty(value) || value.Equals("grpc", StringComparison.OrdinalIgnoreCase)
            || value.Equals("rest", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        throw new SecretsKitException(ExitCodes.Generic,
            $"gcp_kms: {Variable} is '{value}', expected 'grpc' or 'rest'",
            $"unset {Variable} or set it to rest (SecretsKit uses the Cloud KMS REST API either way)");
    }
}
