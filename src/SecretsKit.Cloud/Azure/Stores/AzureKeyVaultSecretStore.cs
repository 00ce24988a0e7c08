using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Azure.Stores;

/// <summary>
/// Azure Key Vault secrets as a read-only <see cref="ISecretStore"/> (provider <c>azurekv</c>), over the official
/// <see cref="SecretClient"/>: get by name and version, a JSON property of the value, a JSON object value as a map,
/// and find by name regex and/or tags. A missing secret, version or property is <see cref="SecretNotFoundException"/>.
/// </summary>
public sealed partial class AzureKeyVaultSecretStore : ISecretStore
{
    public const string ProviderName = "azurekv";

    private readonly SecretClient _client;
    private readonly Uri _vault;

    public AzureKeyVaultSecretStore(Uri vaultUri, TokenCredential credential, CloudKeyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        _vault = vaultUri;
        _client = new SecretClient(vaultUri, credential,
            AzureClientConfiguration.Apply(new SecretClientOptions(), options ?? CloudKeyOptions.Default));
    }

    /// <summary>The answer budget of a vault a store names: a secret is at most 25 KB, a page of a listing a few dozen.</summary>
    public const int MaxTenantResponseBytes = 4 << 20;

    /// <summary>
    /// A store whose credential comes from the context's environment (service principal, workload identity, default chain).
    /// <paramref name="vaultTransport"/>, when given, carries the vault's requests (not the directory's): a store's
    /// <c>vaultUrl</c> is tenant-named, so the provider passes <see cref="TenantHttp"/>'s handler.
    /// </summary>
    public static AzureKeyVaultSecretStore FromEnvironment(Uri vaultUri, KeySourceContext context, CloudKeyOptions? options = null,
        HttpMessageHandler? vaultTransport = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        var credential = AzureCredentialFactory.Create(context.Environment, effective);
        return new AzureKeyVaultSecretStore(vaultUri, credential, vaultTransport is null ? effective : effective with { HttpHandler = vaultTransport });
    }

    public string Provider => ProviderName;

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var secret = await FetchAsync(reference.Key, reference.Version, cancellationToken).ConfigureAwait(false);
        var raw = Encoding.UTF8.GetBytes(secret.Value ?? "");
        var bytes = reference.Property is { Length: > 0 } property ? ProviderValues.Select(ProviderName, reference.Key, raw, property) : raw;
        return new SecretValue(bytes, secret.Properties.Version, Metadata(secret.Properties));
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var secret = await FetchAsync(reference.Key, reference.Version, cancellationToken).ConfigureAwait(false);
        var property = reference.Property is { Length: > 0 } p ? p : null;
        return ProviderValues.MapAt(ProviderName, reference.Key, Encoding.UTF8.GetBytes(secret.Value ?? ""), property);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Path is { Length: > 0 })
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{ProviderName}: find by path is not supported by Azure Key Vault; use a name regex or tags");
        }
        var matches = query.NameFilter();
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            await foreach (var properties in _client.GetPropertiesOfSecretsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (properties.Enabled == false || !matches(properties.Name) || !HasTags(properties, query.Tags))
                {
                    continue;
                }
                var secret = await FetchAsync(properties.Name, null, cancellationToken).ConfigureAwait(false);
                result[properties.Name] = Encoding.UTF8.GetBytes(secret.Value ?? "");
            }
        }
        catch (RequestFailedException error)
        {
            throw Failure("listing secrets", error);
        }
        catch (Exception error) when (IsTransportFailure(error, cancellationToken))
        {
            throw TransportFailure("listing secrets", error);
        }
        return result;
    }

    private async Task<KeyVaultSecret> FetchAsync(string name, string? version, CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            throw new SecretNotFoundException(ProviderName, name, version is null ? $"in {_vault}" : $"version '{version}' in {_vault}");
        }
        catch (RequestFailedException error)
        {
            throw Failure($"reading secret '{name}'", error);
        }
        catch (Exception error) when (IsTransportFailure(error, cancellationToken))
        {
            throw TransportFailure($"reading secret '{name}'", error);
        }
    }

    /// <summary>An answer's status, or (status 0: no answer) why the vault was not reached.</summary>
    private SecretsKitException Failure(string what, RequestFailedException error) => error.Status == 0
        ? new(ExitCodes.Generic, $"{ProviderName}: {what} in {_vault} failed: {Echo.Bounded(error.Message)}", null, error)
        : new(ExitCodes.Generic, $"{ProviderName}: {what} in {_vault} failed: HTTP {error.Status} {error.ErrorCode}".TrimEnd());

    /// <summary>
    /// A timeout or connection failure the Azure pipeline gave up on: a <see cref="TaskCanceledException"/> for an attempt
    /// timeout, or an <see cref="AggregateException"/> once its retries are used up; or an answer past its budget
    /// (<see cref="ResponseTooLargeException"/>). Not the caller's own cancellation.
    /// </summary>
    private static bool IsTransportFailure(Exception error, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && error is AggregateException or OperationCanceledException or System.Net.Http.HttpRequestException
            or ResponseTooLargeException;

    private SecretsKitException TransportFailure(string what, Exception error)
    {
        var last = error is AggregateException all ? all.InnerExceptions.LastOrDefault() ?? error : error;
        var reason = last switch
        {
            RequestFailedException failed => $"HTTP {failed.Status} {failed.ErrorCode}".TrimEnd(),
            OperationCanceledException => "timed out (no answer within the request timeout)",
            _ => last.Message,
        };
        var attempts = error is AggregateException many ? $" after {many.InnerExceptions.Count} attempts" : "";
        return new SecretsKitException(ExitCodes.Generic, $"{ProviderName}: {what} in {_vault} failed{attempts}: {reason}", null, error);
    }

    private static bool HasTags(SecretProperties properties, IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.All(t => properties.Tags.TryGetValue(t.Key, out var v) && v == t.Value);

    private static Dictionary<string, string> Metadata(SecretProperties properties)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.ContentType is { Length: > 0 } contentType)
        {
            metadata["contentType"] = contentType;
        }
        foreach (var (key, value) in properties.Tags)
        {
            metadata["tag:" + key] = value;
        }
        return metadata;
    }
}
