using Azure.Core;
using SecretsKit.Testing.Azure;

namespace SecretsKit.Cloud.Tests.Azure;

/// <summary>A credential that gets each token straight from the fake vault (or returns a fixed one), counting requests.</summary>
internal sealed class FakeVaultCredential(FakeAzureKeyVaultServer? vault, string? fixedToken = null) : TokenCredential
{
    private int _requests;

    public int Requests => _requests;

    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        lock (Scopes)
        {
            Scopes.AddRange(requestContext.Scopes);
        }
        return new AccessToken(fixedToken ?? vault!.IssueToken(), DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
