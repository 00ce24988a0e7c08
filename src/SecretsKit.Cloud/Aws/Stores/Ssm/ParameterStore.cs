using System.Globalization;
using System.Text;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Aws.Stores.Ssm.Model;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Aws.Stores.Ssm;

/// <summary>
/// AWS SSM Parameter Store as a secret store, read as ESO's <c>aws</c> provider (service ParameterStore) reads it:
/// always decrypted, a version (or label) becomes <c>name:version</c>, a property selects a JSON field of the value,
/// find walks <c>GetParametersByPath</c> recursively (default path <c>/</c>) and filters by name regex.
/// </summary>
public sealed partial class ParameterStore(ParameterStoreClient client) : ISecretStore
{
    internal const string ProviderName = "aws-ssm";
    private const int GetParametersLimit = 10;

    public string Provider => ProviderName;

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parameter = await GetAsync(reference, cancellationToken);
        var raw = Encoding.UTF8.GetBytes(parameter.Value ?? "");
        var value = reference.Property is null ? raw : ProviderValues.Select(Provider, Describe(reference), raw, reference.Property);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameter.Type is not null) metadata["type"] = parameter.Type;
        if (parameter.ARN is not null) metadata["arn"] = parameter.ARN;
        if (parameter.LastModifiedDate is { } modified) metadata["last_modified_date"] = modified.ToString(CultureInfo.InvariantCulture);
        return new SecretValue(value, parameter.Version.ToString(CultureInfo.InvariantCulture), metadata);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parameter = await GetAsync(reference, cancellationToken);
        return ProviderValues.MapAt(Provider, Describe(reference), Encoding.UTF8.GetBytes(parameter.Value ?? ""), reference.Property);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Tags is { Count: > 0 })
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{Provider}: finding parameters by tags is not supported; use a path and/or a name regex");
        }
        var matches = query.NameFilter();
        var path = string.IsNullOrEmpty(query.Path) ? "/" : query.Path;
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? next = null;
        do
        {
            var page = await client.GetParametersByPathAsync(new GetParametersByPathRequest
            {
                Path = path, Recursive = true, WithDecryption = true, MaxResults = 10, NextToken = next,
            }, cancellationToken);
            foreach (var parameter in page.Parameters ?? [])
            {
                if (parameter.Name is null || !matches(parameter.Name)) continue;
                result[parameter.Name] = Encoding.UTF8.GetBytes(parameter.Value ?? "");
            }
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return result;
    }

    /// <summary>Several parameters at once (<c>GetParameters</c>, 10 per call); names not found are left out.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> GetManyAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(GetParametersLimit))
        {
            var response = await client.GetParametersAsync(new GetParametersRequest { Names = [.. chunk], WithDecryption = true }, cancellationToken);
            foreach (var parameter in response.Parameters ?? [])
            {
                var name = parameter.Selector is null ? parameter.Name : parameter.Name + parameter.Selector;
                if (name is not null) result[name] = Encoding.UTF8.GetBytes(parameter.Value ?? "");
            }
        }
        return result;
    }

    private async Task<Parameter> GetAsync(SecretRef reference, CancellationToken cancellationToken)
    {
        var name = reference.Version is { Length: > 0 } version ? $"{reference.Key}:{version}" : reference.Key;
        try
        {
            var response = await client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken);
            return response.Parameter ?? throw new SecretNotFoundException(Provider, Describe(reference), "empty GetParameter answer");
        }
        catch (AwsServiceException ex) when (ex.ErrorType is "ParameterNotFound" or "ParameterVersionNotFound" or "ParameterVersionLabelNotFound")
        {
            throw new SecretNotFoundException(Provider, Describe(reference), ex.ErrorType);
        }
    }

    private static string Describe(SecretRef reference) =>
        reference.Version is null ? reference.Key : $"{reference.Key}:{reference.Version}";
}
