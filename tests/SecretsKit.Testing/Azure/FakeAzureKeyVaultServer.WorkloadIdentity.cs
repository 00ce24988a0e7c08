using System.Collections.Concurrent;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Azure;

/// <summary>An accepted workload-identity token exchange: the app (client id), the assertion's subject and audiences.</summary>
public sealed record AzureFederatedLogin(string ClientId, string Subject, IReadOnlyList<string> Audiences);

public sealed partial class FakeAzureKeyVaultServer
{
    private readonly ConcurrentDictionary<string, (FakeServiceAccountIssuer Issuer, string Subject)> _federatedAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AzureFederatedLogin> _federatedLogins = new();

    /// <summary>The clock client assertions are checked against (the Kubernetes API fake's, for its tokens). <value>Default system time.</value></summary>
    public TimeProvider AssertionClock { get; set; } = TimeProvider.System;

    /// <summary>Accepted workload-identity exchanges, oldest first.</summary>
    public IReadOnlyList<AzureFederatedLogin> FederatedLogins => [.. _federatedLogins];

    /// <summary>
    /// An app registration with a federated credential for the ServiceAccount <c>NS/NAME</c> of a cluster whose tokens
    /// <paramref name="issuer"/> signs, as Entra ID configures it: the client assertion must verify, carry the audience
    /// <c>api://AzureADTokenExchange</c>, not be expired and name that ServiceAccount as subject.
    /// </summary>
    public void AddWorkloadIdentityClient(string clientId, FakeServiceAccountIssuer issuer, string ns, string serviceAccount) =>
        _federatedAccounts[clientId] = (issuer, $"system:serviceaccount:{ns}:{serviceAccount}");

    /// <summary>Checks a client assertion against the federated credential of <paramref name="clientId"/>: null when accepted, else Entra ID's error description.</summary>
    private string? FederatedRefusal(string clientId, string? assertion)
    {
        if (!_federatedAccounts.TryGetValue(clientId, out var account)) return $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory.";
        var (claims, refusal) = account.Issuer.Verify(assertion, "api://AzureADTokenExchange", AssertionClock.GetUtcNow());
        if (claims is null)
        {
            return refusal!.StartsWith("token is expired", StringComparison.Ordinal)
                ? "AADSTS700024: Client assertion is not within its valid time range."
                : refusal.StartsWith("invalid audience", StringComparison.Ordinal)
                    ? "AADSTS700212: No matching federated identity record found for presented assertion audience 'api://AzureADTokenExchange'."
                    : "AADSTS50027: JWT token is invalid or malformed: " + refusal;
        }
        var subject = FakeServiceAccountIssuer.Subject(claims);
        if (subject != account.Subject) return $"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Subject: '{subject}'.";
        var audiences = claims["aud"] is System.Text.Json.Nodes.JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
        _federatedLogins.Enqueue(new AzureFederatedLogin(clientId, subject, audiences));
        return null;
    }
}
