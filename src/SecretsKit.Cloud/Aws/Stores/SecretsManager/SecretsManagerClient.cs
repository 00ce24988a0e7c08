using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager;

/// <summary>
/// AWS Secrets Manager over the JSON 1.1 protocol, shaped like the subset of the SDK's
/// <c>IAmazonSecretsManager</c> (AWSSDK.SecretsManager is not available). SigV4-signed, retried on throttling.
/// </summary>
public sealed class SecretsManagerClient : IDisposable
{
    private readonly AwsJsonClient _client;
    private readonly AwsCredentialProvider _credentials;

    /// <param name="options">Region, credentials, endpoint.</param>
    /// <param name="transport">Innermost handler (tests, proxies); default a pooled <see cref="SocketsHttpHandler"/>.</param>
    public SecretsManagerClient(AwsClientOptions options, HttpMessageHandler? transport = null)
    {
        _client = new AwsJsonClient(options, "secretsmanager", "secretsmanager", SecretsManagerStore.ProviderName, transport);
        _credentials = new AwsCredentialProvider(options.Credentials, SecretsManagerStore.ProviderName);
    }

    /// <summary>
    /// Retrieves the credentials requests are signed with (static keys, the IRSA exchange, the role chain), as ESO's
    /// Secrets Manager <c>Validate()</c> does; a refreshing credential caches what it got, so the first request reuses it.
    /// </summary>
    public async Task RetrieveCredentialsAsync(CancellationToken cancellationToken = default) => await _credentials.GetAsync(cancellationToken);

    public Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("GetSecretValue", request, SecretsManagerJsonContext.Default.GetSecretValueRequest,
            SecretsManagerJsonContext.Default.GetSecretValueResponse, cancellationToken);

    public Task<BatchGetSecretValueResponse> BatchGetSecretValueAsync(BatchGetSecretValueRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("BatchGetSecretValue", request, SecretsManagerJsonContext.Default.BatchGetSecretValueRequest,
            SecretsManagerJsonContext.Default.BatchGetSecretValueResponse, cancellationToken);

    public Task<ListSecretsResponse> ListSecretsAsync(ListSecretsRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("ListSecrets", request, SecretsManagerJsonContext.Default.ListSecretsRequest,
            SecretsManagerJsonContext.Default.ListSecretsResponse, cancellationToken);

    public Task<SecretListEntry> DescribeSecretAsync(DescribeSecretRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("DescribeSecret", request, SecretsManagerJsonContext.Default.DescribeSecretRequest,
            SecretsManagerJsonContext.Default.SecretListEntry, cancellationToken);

    public Task<SecretWriteResponse> CreateSecretAsync(CreateSecretRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("CreateSecret", request, SecretsManagerJsonContext.Default.CreateSecretRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<SecretWriteResponse> PutSecretValueAsync(PutSecretValueRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("PutSecretValue", request, SecretsManagerJsonContext.Default.PutSecretValueRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<SecretWriteResponse> DeleteSecretAsync(DeleteSecretRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("DeleteSecret", request, SecretsManagerJsonContext.Default.DeleteSecretRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<SecretWriteResponse> TagResourceAsync(TagResourceRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("TagResource", request, SecretsManagerJsonContext.Default.TagResourceRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<SecretWriteResponse> UntagResourceAsync(UntagResourceRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("UntagResource", request, SecretsManagerJsonContext.Default.UntagResourceRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<ResourcePolicyResponse> GetResourcePolicyAsync(DescribeSecretRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("GetResourcePolicy", request, SecretsManagerJsonContext.Default.DescribeSecretRequest,
            SecretsManagerJsonContext.Default.ResourcePolicyResponse, cancellationToken);

    public Task<ResourcePolicyResponse> PutResourcePolicyAsync(PutResourcePolicyRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("PutResourcePolicy", request, SecretsManagerJsonContext.Default.PutResourcePolicyRequest,
            SecretsManagerJsonContext.Default.ResourcePolicyResponse, cancellationToken);

    public Task<ResourcePolicyResponse> DeleteResourcePolicyAsync(DescribeSecretRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("DeleteResourcePolicy", request, SecretsManagerJsonContext.Default.DescribeSecretRequest,
            SecretsManagerJsonContext.Default.ResourcePolicyResponse, cancellationToken);

    public Task<SecretWriteResponse> ReplicateSecretToRegionsAsync(ReplicateSecretToRegionsRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("ReplicateSecretToRegions", request, SecretsManagerJsonContext.Default.ReplicateSecretToRegionsRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public Task<SecretWriteResponse> RemoveRegionsFromReplicationAsync(RemoveRegionsFromReplicationRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("RemoveRegionsFromReplication", request, SecretsManagerJsonContext.Default.RemoveRegionsFromReplicationRequest,
            SecretsManagerJsonContext.Default.SecretWriteResponse, cancellationToken);

    public void Dispose() => _client.Dispose();
}
