using System.Net.Http.Headers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;
using SecretsKit.Cloud.Gcp.Keys;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Publish;

/// <summary>
/// <c>gcs_bucket</c>/<c>gcs_prefix</c>: a Cloud Storage media upload (<c>POST /upload/storage/v1/b/{bucket}/o?uploadType=media&amp;name=…</c>)
/// with a bearer token from the project's GCP token source (the same credentials as GCP KMS, asked for the
/// <c>devstorage.read_write</c> scope: a cloudkms token is refused by Cloud Storage). Endpoint
/// <c>https://storage.googleapis.com</c>, or <c>SECRETSKIT_GCS_ENDPOINT</c>.
/// </summary>
public sealed class GcsDestination : ObjectDestination
{
    public const string EndpointVariable = "SECRETSKIT_GCS_ENDPOINT";
    private readonly IEnvironment _environment;
    private readonly CloudKeyOptions _options;
    private readonly TimeProvider _time;

    public GcsDestination(string bucket, string? prefix, IEnvironment environment, CloudKeyOptions? options = null, TimeProvider? time = null)
        : base("gcs", ObjectNames.Bucket("gcs", bucket, allowUnderscore: true), prefix ?? "")
    {
        _environment = environment;
        _options = options ?? new CloudKeyOptions();
        _time = time ?? TimeProvider.System;
    }

    public override string Describe(string name) => $"gcs://{Bucket}/{ObjectKey(name)}";

    public override async Task UploadAsync(byte[] contents, string name, CancellationToken cancellationToken)
    {
        var key = ObjectNames.Key("gcs", ObjectKey(name));
        var endpoint = (_environment.Get(EndpointVariable) ?? "https://storage.googleapis.com").TrimEnd('/');
        var uri = new Uri($"{endpoint}/upload/storage/v1/b/{Bucket}/o?uploadType=media&name={Uri.EscapeDataString(key)}");
        using var http = _options.CreateRetryingClient(_time);
        var token = await GcpCredentialResolver.Resolve(_environment, http, _time, GcpServiceAccountJwt.StorageScope).GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(contents) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SendAsync(http, request, name, _ => null, "check the bucket and the credentials' storage.objects.create permission", cancellationToken)
            .ConfigureAwait(false);
    }
}
