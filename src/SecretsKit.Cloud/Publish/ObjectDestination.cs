using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Publish;

/// <summary>An object store (S3, GCS) that receives the encrypted file, re-encrypted first when the rule has a <c>recreation_rule</c>.</summary>
public abstract class ObjectDestination(string provider, string bucket, string prefix) : PublishDestination
{
    protected string Bucket => bucket;

    /// <summary>The object key: the prefix, as written, followed by the name.</summary>
    protected string ObjectKey(string name) => prefix + name;

    /// <summary>Writes <paramref name="contents"/> to the object <c>prefix + name</c>.</summary>
    public abstract Task UploadAsync(byte[] contents, string name, CancellationToken cancellationToken);

    /// <summary>Sends the upload; a failure to connect or an error status becomes one line naming the object.</summary>
    protected async Task SendAsync(HttpClient http, HttpRequestMessage request, string name, Func<string, string?> reason, string hint,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reason);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{provider}: cannot upload {Describe(name)}: no response from {request.RequestUri!.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new SecretsKitException(ExitCodes.Generic,
                $"{provider}: cannot upload {Describe(name)}: {(int)response.StatusCode} {reason(body) ?? response.ReasonPhrase}", hint);
        }
    }
}
