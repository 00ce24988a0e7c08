using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.SecretsManager;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Aws.Ssm;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws;

/// <summary>
/// <c>spec.provider.aws</c> (service SecretsManager or ParameterStore, static keys or the ambient chain) and
/// <c>ref+awssecrets://NAME</c> / <c>ref+awsssm://PATH</c> (the <c>AWS_*</c> environment).
/// </summary>
public sealed class AwsProvider : ISecretStoreProvider
{
    public string Name => "aws";

    public IReadOnlyList<string> Fields { get; } =
    [
        "service", "region", "auth", "auth.secretRef", "auth.secretRef.accessKeyIDSecretRef",
        "auth.secretRef.secretAccessKeySecretRef", "auth.secretRef.sessionTokenSecretRef",
    ];

    public IReadOnlyList<RefScheme> RefSchemes { get; } =
    [
        new("awssecrets", (path, _) => ("", path),
            (_, context, _) => new SecretsManagerStore(new SecretsManagerClient(AwsClientOptions.FromEnvironment(context.Environment, "SECRETS_MANAGER")))),
        new("awsssm", (path, _) => ("", path.StartsWith('/') ? path : "/" + path),
            (_, context, _) => new ParameterStore(new ParameterStoreClient(AwsClientOptions.FromEnvironment(context.Environment, "SSM")))),
    ];

    public string? UnsupportedValue(JsonObject spec) =>
        SpecJson.Str(spec["service"]) is { } service && service is not ("SecretsManager" or "ParameterStore") ? "service" : null;

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var p = spec.Spec;
        var service = SpecJson.Str(p["service"]) ?? "SecretsManager";
        var region = SpecJson.Required(spec, Name, "region");
        AWSCredentials? credentials = null;
        if (p["auth"]?["secretRef"] is JsonObject sr)
        {
            var read = spec.Credentials;
            var id = await read.ReadAsync(sr["accessKeyIDSecretRef"], "auth.secretRef.accessKeyIDSecretRef", cancellationToken);
            var secret = await read.ReadAsync(sr["secretAccessKeySecretRef"], "auth.secretRef.secretAccessKeySecretRef", cancellationToken);
            credentials = sr["sessionTokenSecretRef"] is { } st
                ? new SessionAWSCredentials(id, secret, await read.ReadAsync(st, "auth.secretRef.sessionTokenSecretRef", cancellationToken))
                : new BasicAWSCredentials(id, secret);
        }
        var options = new AwsClientOptions
        {
            Region = region,
            Credentials = credentials,
            Endpoint = spec.Context.Endpoints.GetValueOrDefault(service),
            Retry = spec.Context.Retry,
            Time = spec.Context.Time,
        };
#pragma warning disable CA2000 // the client is owned by the returned store and lives as long as it
        return service == "ParameterStore"
            ? new ParameterStore(new ParameterStoreClient(options))
            : new SecretsManagerStore(new SecretsManagerClient(options));
#pragma warning restore CA2000
    }
}
