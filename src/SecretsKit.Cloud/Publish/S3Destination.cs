using System.Text.RegularExpressions;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Publish;

/// <summary>
/// <c>s3_bucket</c>/<c>s3_prefix</c>: S3 <c>PutObject</c>, SigV4-signed with the project's AWS signer (credentials, region
/// and <c>AWS_ENDPOINT_URL_S3</c>/<c>AWS_ENDPOINT_URL</c> from the environment, as <see cref="AwsClientOptions"/> reads
/// them). With an endpoint override the request is path-style (<c>{endpoint}/{bucket}/{key}</c>), else it goes to
/// <c>https://{bucket}.s3.{region}.amazonaws.com/{key}</c> (path-style when the bucket has a dot).
/// </summary>
public sealed partial class S3Destination : ObjectDestination
{
    private readonly IEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly HttpMessageHandler? _transport;

    public S3Destination(string bucket, string? prefix, IEnvironment environment, TimeProvider? time = null, HttpMessageHandler? transport = null)
        : base("s3", ObjectNames.Bucket("s3", bucket, allowUnderscore: false), prefix ?? "")
    {
        _environment = environment;
        _time = time ?? TimeProvider.System;
        _transport = transport;
    }

    public override string Describe(string name) => $"s3://{Bucket}/{ObjectKey(name)}";

    public override async Task UploadAsync(byte[] contents, string name, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key("s3", ObjectKey(name));
        var options = AwsClientOptions.FromEnvironment(_environment, "S3") with { Time = _time };
        if (!Region().IsMatch(options.Region))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"s3: '{options.Region}' is not a valid AWS region", "set AWS_REGION to a region such as eu-west-1");
        }
        var uri = ObjectUri(options, key);
#pragma warning disable CA2000 // the handler chain is owned by http
        var signer = new SigV4Handler(new AwsCredentialProvider(options.Credentials, "s3"), options.Region, "s3", _time,
            _transport ?? new SocketsHttpHandler());
        using var http = new HttpClient(new ResilientHttpHandler(options.Retry, signer)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(contents) };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", SigV4Signer.Sha256Hex(contents));
        await SendAsync(http, request, name, body => ErrorCode().Match(body) is { Success: true } m ? m.Groups[1].Value : null,
            "check the bucket, its region (AWS_REGION) and the credentials' s3:PutObject permission", cancellationToken).ConfigureAwait(false);
    }

    private Uri ObjectUri(AwsClientOptions options, string key)
    {
        var path = ObjectNames.EscapePath(key);
        if (options.Endpoint is { } endpoint)
        {
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + $"/{Bucket}/{path}");
        }
        var suffix = options.Region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "";
        return Bucket.Contains('.', StringComparison.Ordinal)
            ? new Uri($"https://s3.{options.Region}.amazonaws.com{suffix}/{Bucket}/{path}")
            : new Uri($"https://{Bucket}.s3.{options.Region}.amazonaws.com{suffix}/{path}");
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+$")]
    private static partial Regex Region();

    [GeneratedRegex("<Code>([^<]{1,100})</Code>")]
    private static partial Regex ErrorCode();
}
