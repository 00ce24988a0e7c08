using Amazon.Runtime;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>Region, credentials, endpoint and retry policy of an AWS service client.</summary>
public sealed record AwsClientOptions
{
    /// <summary>The region (<c>eu-west-1</c>). Required.</summary>
    public required string Region { get; init; }

    /// <summary>Credentials; null uses AWSSDK.Core's default chain. <value>Default null.</value></summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Endpoint override (LocalStack, VPC endpoints, tests); null uses <c>https://{service}.{region}.amazonaws.com</c>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Retry and timeout policy. <value>Default <see cref="CloudRetryOptions.Default"/>.</value></summary>
    public CloudRetryOptions Retry { get; init; } = CloudRetryOptions.Default;

    /// <summary>Clock for signing dates. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Options from the environment: region from <paramref name="region"/>, <c>AWS_REGION</c> or <c>AWS_DEFAULT_REGION</c>;
    /// endpoint from <c>AWS_ENDPOINT_URL_{serviceEnvName}</c> then <c>AWS_ENDPOINT_URL</c>; static credentials from
    /// <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c> when present, else the SDK chain.
    /// </summary>
    /// <param name="serviceEnvName">The service's endpoint variable suffix: <c>SECRETS_MANAGER</c> or <c>SSM</c>.</param>
    public static AwsClientOptions FromEnvironment(IEnvironment environment, string serviceEnvName, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        region ??= environment.Get("AWS_REGION") ?? environment.Get("AWS_DEFAULT_REGION")
            ?? throw new SecretsKitException(ExitCodes.Generic, "aws: no region configured", "set the store's region, or AWS_REGION");
        var endpoint = environment.Get("AWS_ENDPOINT_URL_" + serviceEnvName) ?? environment.Get("AWS_ENDPOINT_URL");
        AWSCredentials? credentials = null;
        if (environment.Get("AWS_ACCESS_KEY_ID") is { } keyId && environment.Get("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            credentials = environment.Get("AWS_SESSION_TOKEN") is { } token
                ? new SessionAWSCredentials(keyId, secret, token)
                : new BasicAWSCredentials(keyId, secret);
        }
        return new AwsClientOptions
        {
            Region = region,
            Endpoint = endpoint is null ? null : new Uri(endpoint),
            Credentials = credentials,
        };
    }

    internal Uri ResolveEndpoint(string endpointPrefix) =>
        Endpoint ?? new Uri($"https://{endpointPrefix}.{Region}.amazonaws.com{(Region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}/");
}
