using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

public sealed partial class FakeGcpSecretManagerServer
{
    /// <summary>
    /// The metadata server's plain-text values by path under <c>/computeMetadata/v1/</c> (<c>project/project-id</c>,
    /// <c>instance/attributes/cluster-name</c>, <c>instance/attributes/cluster-location</c>); a missing one is a 404.
    /// </summary>
    /// <remarks>With <see cref="DefaultAccountEmailPath"/> set, the metadata server's tokens are that account's.</remarks>
    public ConcurrentDictionary<string, string> MetadataValues { get; } = new(StringComparer.Ordinal);

    /// <summary>The path of the instance's default service account email.</summary>
    public const string DefaultAccountEmailPath = "instance/service-accounts/default/email";

    private async Task MetadataAttributeAsync(HttpContext context, string path)
    {
        _calls.Enqueue(new GcpSecretManagerCall("metadata", path, 200));
        if (context.Request.Headers["Metadata-Flavor"] != "Google")
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("Missing required header: Metadata-Flavor").ConfigureAwait(false);
            return;
        }
        if (!MetadataValues.TryGetValue(path, out var value))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("Not Found").ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/text";
        await context.Response.WriteAsync(value).ConfigureAwait(false);
    }
}
