using System.Globalization;
using System.Text;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.SecretsManager;

/// <summary>
/// AWS Secrets Manager as a secret store, read as ESO's <c>aws</c> provider (service SecretsManager) reads it:
/// a version is a stage (<c>AWSCURRENT</c>, <c>AWSPREVIOUS</c>, custom) or, when prefixed <c>uuid/</c> or shaped
/// like a UUID, a version id; a property selects a JSON field of the SecretString (or of a JSON SecretBinary);
/// find lists by name prefix / tags, filters by name regex, and fetches the values with <c>BatchGetSecretValue</c>.
/// </summary>
public sealed partial class SecretsManagerStore(SecretsManagerClient client) : ISecretStore, IValidatingStore
{
    internal const string ProviderName = "aws-secretsmanager";
    private const int BatchSize = 20;

    public string Provider => ProviderName;

    /// <summary>ESO's <c>Validate()</c> of a Secrets Manager store: its credentials can be retrieved.</summary>
    public Task ValidateAsync(CancellationToken cancellationToken) => client.RetrieveCredentialsAsync(cancellationToken);

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var response = await GetAsync(reference, cancellationToken);
        var raw = RawValue(response.SecretString, response.SecretBinary);
        var value = reference.Property is null ? raw : ProviderValues.Select(Provider, Describe(reference), raw, reference.Property);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.ARN is not null) metadata["arn"] = response.ARN;
        if (response.VersionStages is { Count: > 0 } stages) metadata["version_stages"] = string.Join(",", stages);
        if (response.CreatedDate is { } created) metadata["created_date"] = created.ToString(CultureInfo.InvariantCulture);
        return new SecretValue(value, response.VersionId, metadata);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var response = await GetAsync(reference, cancellationToken);
        return ProviderValues.MapAt(Provider, Describe(reference), RawValue(response.SecretString, response.SecretBinary), reference.Property);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = query.NameFilter();
        var filters = new List<Filter>();
        if (!string.IsNullOrEmpty(query.Path)) filters.Add(new Filter { Key = "name", Values = [query.Path] });
        foreach (var (key, value) in query.Tags ?? new Dictionary<string, string>())
        {
            filters.Add(new Filter { Key = "tag-key", Values = [key] });
            filters.Add(new Filter { Key = "tag-value", Values = [value] });
        }

        var names = new List<string>();
        string? next = null;
        do
        {
            var page = await client.ListSecretsAsync(new ListSecretsRequest { Filters = filters.Count > 0 ? filters : null, MaxResults = 100, NextToken = next }, cancellationToken);
            foreach (var entry in page.SecretList ?? [])
            {
                if (entry.Name is null) continue;
                // AWS filters match prefixes and tag keys/values independently; re-check exactly here.
                if (!string.IsNullOrEmpty(query.Path) && !entry.Name.StartsWith(query.Path, StringComparison.Ordinal)) continue;
                if (query.Tags is { Count: > 0 } tags && !tags.All(t => entry.Tags?.Any(x => x.Key == t.Key && x.Value == t.Value) == true)) continue;
                if (!matches(entry.Name)) continue;
                names.Add(entry.Name);
            }
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(BatchSize))
        {
            string? token = null;
            do
            {
                var batch = await client.BatchGetSecretValueAsync(new BatchGetSecretValueRequest { SecretIdList = [.. chunk], NextToken = token }, cancellationToken);
                foreach (var value in batch.SecretValues ?? [])
                {
                    if (value.Name is not null) result[value.Name] = RawValue(value.SecretString, value.SecretBinary);
                }
                if (batch.Errors is { Count: > 0 } errors && errors.FirstOrDefault(e => e.ErrorCode != "ResourceNotFoundException") is { } error)
                {
                    throw new AwsServiceException(Provider, "BatchGetSecretValue", 200, error.ErrorCode, $"secret '{error.SecretId}': {error.Message}");
                }
                token = batch.NextToken;
            }
            while (!string.IsNullOrEmpty(token));
        }
        return result;
    }

    private async Task<GetSecretValueResponse> GetAsync(SecretRef reference, CancellationToken cancellationToken)
    {
        var request = new GetSecretValueRequest { SecretId = reference.Key };
        if (reference.Version is { Length: > 0 } version)
        {
            if (version.StartsWith("uuid/", StringComparison.Ordinal)) request.VersionId = version[5..];
            else if (Guid.TryParseExact(version, "D", out _)) request.VersionId = version;
            else request.VersionStage = version;
        }
        try
        {
            return await client.GetSecretValueAsync(request, cancellationToken);
        }
        catch (AwsServiceException ex) when (ex.ErrorType == "ResourceNotFoundException")
        {
            throw new SecretNotFoundException(Provider, Describe(reference), ex.Message);
        }
    }

    private static byte[] RawValue(string? secretString, byte[]? secretBinary) =>
        secretString is not null ? Encoding.UTF8.GetBytes(secretString) : secretBinary ?? [];

    private static string Describe(SecretRef reference) =>
        reference.Version is null ? reference.Key : $"{reference.Key}@{reference.Version}";
}
