using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Azure;

/// <summary>
/// Service Fabric's managed identity endpoint for <see cref="FakeAzureKeyVaultServer"/>'s tokens: HTTPS on 127.0.0.1 with
/// a self-signed certificate (no CA vouches for it; clients know it by <see cref="Thumbprint"/>), <c>GET</c> with the
/// <c>secret</c> header equal to <see cref="Secret"/> (else 401), <c>api-version</c> 2019-07-01-preview, <c>resource</c>,
/// optional <c>client_id</c>. Tokens are recorded by the vault fake with the source <c>servicefabric</c>.
/// </summary>
public sealed class FakeServiceFabricIdentityEndpoint : IAsyncDisposable
{
    public const string ApiVersion = "2019-07-01-preview";
    private readonly LoopbackHost _host;
    private readonly X509Certificate2 _certificate;
    private int _requests;

    private FakeServiceFabricIdentityEndpoint(LoopbackHost host, X509Certificate2 certificate)
    {
        _host = host;
        _certificate = certificate;
    }

    /// <summary>The value for <c>IDENTITY_ENDPOINT</c>.</summary>
    public string Endpoint => _host.Address + "metadata/identity/oauth2/token";

    /// <summary>The value for <c>IDENTITY_HEADER</c>.</summary>
    public string Secret { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The value for <c>IDENTITY_SERVER_THUMBPRINT</c>: the SHA-1 thumbprint of the server certificate.</summary>
    public string Thumbprint => _certificate.Thumbprint;

    /// <summary>HTTP requests that reached the endpoint (a refused TLS handshake sends none).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakeServiceFabricIdentityEndpoint> StartAsync(FakeAzureKeyVaultServer vault)
    {
        ArgumentNullException.ThrowIfNull(vault);
        var certificate = SelfSigned();
        FakeServiceFabricIdentityEndpoint? endpoint = null;
        var host = await LoopbackHost.StartAsync(nameof(FakeServiceFabricIdentityEndpoint), context => endpoint!.AnswerAsync(vault, context), certificate).ConfigureAwait(false);
        endpoint = new FakeServiceFabricIdentityEndpoint(host, certificate);
        return endpoint;
    }

    private Task AnswerAsync(FakeAzureKeyVaultServer vault, HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (context.Request.Method != "GET" || context.Request.Path.Value != "/metadata/identity/oauth2/token")
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }
        var refusal = context.Request.Headers["secret"] != Secret ? "invalid_request|The secret header is missing or wrong" : null;
        return vault.ManagedIdentityTokenAsync(context, "servicefabric", refusal, ApiVersion);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ServiceFabric managed identity", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _certificate.Dispose();
    }
}
