using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>The TokenRequest call against the fake API server's <c>serviceaccounts/NAME/token</c>, which signs real RS256 JWTs.</summary>
public sealed class TokenRequestTests
{
    [Fact]
    public async Task A_token_request_returns_a_signed_jwt_for_the_account_with_the_audiences_and_lifetime_asked_for()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.ServiceAccount("team-a", "app");
        var before = DateTimeOffset.UtcNow;

        var token = await c.Client.CreateServiceAccountTokenAsync("team-a", "app", ["sts.amazonaws.com"], 900);

        Assert.InRange(token.ExpiresAt, before.AddSeconds(899), DateTimeOffset.UtcNow.AddSeconds(901));
        var (claims, refusal) = c.Server.TokenRequests.Issuer.Verify(token.Token, "sts.amazonaws.com", DateTimeOffset.UtcNow);
        Assert.Null(refusal);
        Assert.Equal("system:serviceaccount:team-a:app", claims!["sub"]!.GetValue<string>());
        Assert.Equal("team-a", claims["kubernetes.io"]!["namespace"]!.GetValue<string>());
        Assert.Equal("invalid audience (aud) claim: audience claim does not match any expected audience",
            c.Server.TokenRequests.Issuer.Verify(token.Token, "vault", DateTimeOffset.UtcNow).Refusal);
        Assert.Equal("token is expired (exp)", c.Server.TokenRequests.Issuer.Verify(token.Token, "sts.amazonaws.com", DateTimeOffset.UtcNow.AddHours(1)).Refusal);
        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_audiences_or_lifetime_the_token_carries_the_api_servers_audience_for_an_hour()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.ServiceAccount("team-a", "app");

        var token = await c.Client.CreateServiceAccountTokenAsync("team-a", "app", []);

        Assert.Null(c.Server.TokenRequests.Issuer.Verify(token.Token, c.Server.TokenRequests.Issuer.Issuer, DateTimeOffset.UtcNow).Refusal);
        Assert.InRange(token.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Null(Assert.Single(c.Server.TokenRequests.Log).ExpirationSeconds);
    }

    [Fact]
    public async Task A_missing_service_account_is_not_found_and_a_lifetime_under_ten_minutes_is_invalid()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.ServiceAccount("team-a", "app");

        var missing = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => c.Client.CreateServiceAccountTokenAsync("team-a", "ghost", ["vault"]));
        var invalid = await Assert.ThrowsAsync<KubernetesInvalidException>(() => c.Client.CreateServiceAccountTokenAsync("team-a", "app", ["vault"], 60));

        Assert.Contains("serviceaccounts \"ghost\" not found", missing.Message, StringComparison.Ordinal);
        Assert.Contains("may not specify a duration less than 10 minutes", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(c.Server.TokenRequests.Log);
    }
}
