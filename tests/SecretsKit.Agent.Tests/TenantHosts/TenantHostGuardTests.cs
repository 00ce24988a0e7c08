using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Tls;

namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>
/// Every generator, store and webhook whose spec names a host (<see cref="TenantHostRows"/>), reconciled by the agent
/// as a tenant's ExternalSecret: aimed at the instance metadata address it is refused without a connection; aimed at a
/// server that redirects there, the redirect is the answer (a followed redirect would meet the link-local refusal
/// instead); aimed at a server whose body never ends, reading stops at the caller's budget and the server sees the
/// client hang up long before 2 GiB. In each case the ExternalSecret is not Ready and no Secret is written.
/// </summary>
public sealed class TenantHostGuardTests
{
    /// <summary>How long a server may take to notice the client hung up (a condition waited for, not a sleep).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Rows() => [.. TenantHostRows.All.Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_spec_naming_instance_metadata_is_refused_at_connect_time(string name)
    {
        var row = TenantHostRows.Find(name);
        using var ca = TestCertificateAuthority.Create();
        await using var run = new TenantHostCase(ca, hostile: null);

        var message = await FailAsync(row, run);

        Assert.Contains("link-local", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_redirect_to_instance_metadata_is_not_followed(string name)
    {
        var row = TenantHostRows.Find(name);
        using var ca = TestCertificateAuthority.Create();
        using var certificate = row.Tls ? ca.IssueServerCertificate() : null;
        await using var redirect = HostileHttpServer.Redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/", certificate);
        await using var run = new TenantHostCase(ca, redirect);

        var message = await FailAsync(row, run);

        Assert.NotEmpty(redirect.Requests);
        Assert.Contains("302", message, StringComparison.Ordinal);
        Assert.DoesNotContain("link-local", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_body_without_end_is_read_up_to_the_budget_and_no_further(string name)
    {
        var row = TenantHostRows.Find(name);
        using var ca = TestCertificateAuthority.Create();
        using var certificate = row.Tls ? ca.IssueServerCertificate() : null;
        await using var endless = HostileHttpServer.EndlessBody(certificate);
        await using var run = new TenantHostCase(ca, endless);

        var message = await FailAsync(row, run);

        Assert.Contains(row.TooLarge, message, StringComparison.Ordinal);
        await endless.ClientStopped.WaitAsync(Patience);
        var bound = 2 * row.Limit + (16 << 20);
        Assert.True(endless.BodyBytesSent < bound, $"{endless.BodyBytesSent} bytes sent, more than {bound}");
    }

    /// <summary>
    /// AWS hosts follow one pattern (<c>SERVICE.REGION.amazonaws.com</c>) and the spec only names the region: one that is
    /// not a region name (it could carry a host of its own, <c>169.254.169.254.nip.io/</c>) is refused before any request.
    /// </summary>
    [Theory]
    [InlineData("aws")]
    [InlineData("ECRAuthorizationToken")]
    [InlineData("STSSessionToken")]
    public async Task An_aws_region_that_is_not_a_region_name_is_refused_before_any_request(string kind)
    {
        await using var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions { Retry = new CloudRetryOptions { MaxRetries = 0 } });
        const string ns = TenantHostCase.Namespace;
        c.Namespace(ns);
        c.Secret(ns, "aws-creds", new Dictionary<string, string> { ["id"] = "AKIDTENANT", ["secret"] = "tenant-secret-key" });
        var keys = new JsonObject
        {
            ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "id" },
            ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-creds", ["key"] = "secret" },
        };
        var spec = new JsonObject { ["region"] = "169.254.169.254.nip.io/", ["auth"] = new JsonObject { ["secretRef"] = keys } };
        if (kind == "aws")
        {
            spec["service"] = "SecretsManager";
            c.Store(ns, "store", new JsonObject { ["aws"] = spec });
            c.ExternalSecret(ns, "es", AgentCluster.Spec("store", data: [("value", "key", null)]));
        }
        else
        {
            Generators.GeneratorTests.Generator(c, kind, ns, "gen", spec);
            c.ExternalSecret(ns, "es", Generators.GeneratorTests.GeneratorSpec((kind, "gen")));
        }

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus(ns, "es"));
        Assert.Contains("'169.254.169.254.nip.io/' is not an AWS region name", c.ReadyMessage(ns, "es"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret(ns, "es"));
    }

    /// <summary>Runs one pass of the agent over the row's objects; the ExternalSecret's Ready message, which must say it failed.</summary>
    private static async Task<string> FailAsync(TenantHostRow row, TenantHostCase run)
    {
        await row.PrepareAsync(run);
        await using var c = await AgentCluster.StartAsync(providerOptions: run.Options);
        c.Namespace(TenantHostCase.Namespace);
        row.Arrange(c, run);

        await c.PassAsync();

        var message = c.ReadyMessage(TenantHostCase.Namespace, "es") ?? "";
        Assert.True(c.ReadyStatus(TenantHostCase.Namespace, "es") == "False", $"{row.Name}: {message}");
        Assert.Null(c.TargetSecret(TenantHostCase.Namespace, "es"));
        return message;
    }
}
