using System.Security.Cryptography.X509Certificates;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// The HTTP client of Service Fabric's managed identity endpoint: the cluster serves it over TLS with a certificate no
/// public CA signs, and names that certificate in <c>IDENTITY_SERVER_THUMBPRINT</c> (its SHA-1 thumbprint). The TLS
/// handshake succeeds only for a server certificate with exactly that thumbprint (stricter than Azure.Identity, which
/// also takes any certificate the system trusts), so the <c>secret</c> header is never sent to another server. No proxy,
/// no redirects; the agent's retry policy above it. The test transport of <see cref="CloudKeyOptions.HttpHandler"/> is
/// deliberately not used: it would trust what the thumbprint must decide.
/// </summary>
internal static class AzureServiceFabricTransport
{
    public static HttpClient Create(string thumbprint, CloudKeyOptions options, TimeProvider time)
    {
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Matches(certificate, thumbprint) },
        };
        return new HttpClient(new Cloud.Http.ResilientHttpHandler(options.ToRetryOptions(time), handler)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }

    /// <summary>Whether <paramref name="certificate"/>'s SHA-1 thumbprint is <paramref name="thumbprint"/> (hex, any case).</summary>
    public static bool Matches(X509Certificate certificate, string thumbprint) =>
        string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
}
