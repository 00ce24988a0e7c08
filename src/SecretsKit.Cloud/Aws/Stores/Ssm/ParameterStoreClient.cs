using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.Ssm.Model;

namespace SecretsKit.Cloud.Aws.Stores.Ssm;

/// <summary>
/// AWS Systems Manager Parameter Store over the JSON 1.1 protocol (<c>AmazonSSM.*</c> targets), shaped like the
/// subset of the SDK's <c>IAmazonSimpleSystemsManagement</c>. SigV4-signed, retried on throttling.
/// </summary>
public sealed class ParameterStoreClient : IDisposable
{
    private readonly AwsJsonClient _client;

    public ParameterStoreClient(AwsClientOptions options, HttpMessageHandler? transport = null)
    {
        _client = new AwsJsonClient(options, "ssm", "AmazonSSM", ParameterStore.ProviderName, transport);
    }

    public Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("GetParameter", request, SsmJsonContext.Default.GetParameterRequest, SsmJsonContext.Default.GetParameterResponse, cancellationToken);

    public Task<GetParametersResponse> GetParametersAsync(GetParametersRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("GetParameters", request, SsmJsonContext.Default.GetParametersRequest, SsmJsonContext.Default.GetParametersResponse, cancellationToken);

    public Task<GetParametersByPathResponse> GetParametersByPathAsync(GetParametersByPathRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("GetParametersByPath", request, SsmJsonContext.Default.GetParametersByPathRequest,
            SsmJsonContext.Default.GetParametersByPathResponse, cancellationToken);

    public Task<PutParameterResponse> PutParameterAsync(PutParameterRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("PutParameter", request, SsmJsonContext.Default.PutParameterRequest, SsmJsonContext.Default.PutParameterResponse, cancellationToken);

    public Task<ListTagsForResourceResponse> DeleteParameterAsync(DeleteParameterRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("DeleteParameter", request, SsmJsonContext.Default.DeleteParameterRequest, SsmJsonContext.Default.ListTagsForResourceResponse, cancellationToken);

    public Task<ListTagsForResourceResponse> ListTagsForResourceAsync(ResourceTagsRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("ListTagsForResource", request, SsmJsonContext.Default.ResourceTagsRequest, SsmJsonContext.Default.ListTagsForResourceResponse, cancellationToken);

    public Task<ListTagsForResourceResponse> AddTagsToResourceAsync(ResourceTagsRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("AddTagsToResource", request, SsmJsonContext.Default.ResourceTagsRequest, SsmJsonContext.Default.ListTagsForResourceResponse, cancellationToken);

    public Task<ListTagsForResourceResponse> RemoveTagsFromResourceAsync(ResourceTagsRequest request, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("RemoveTagsFromResource", request, SsmJsonContext.Default.ResourceTagsRequest, SsmJsonContext.Default.ListTagsForResourceResponse, cancellationToken);

    public void Dispose() => _client.Dispose();
}
