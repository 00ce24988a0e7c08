using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// <c>authType: ManagedIdentity</c> on an Azure Arc machine (<c>IDENTITY_ENDPOINT</c> and <c>IMDS_ENDPOINT</c> set): the
/// endpoint's 401 challenge names a key file, whose content goes back as <c>Authorization: Basic</c>. A realm naming any
/// file but a <c>.key</c> of at most 4096 bytes directly in the Arc token directory is refused with one line, and that
/// file is neither read nor sent.
/// </summary>
public sealed class AzureArcIdentityTests : IAsyncLifetime
{
    private FakeAzureKeyVaultServer _azure = null!;
    private HttpMessageHandler _handler = null!;
    private AgentCluster _c = null!;
    private string _root = null!;
    private string _tokens = null!;

    public async Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("arc-").FullName;
        _tokens = Directory.CreateDirectory(Path.Combine(_root, "tokens")).FullName;
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _azure.UseArcKeyDirectory(_tokens);
        _handler = _azure.CreateClientHandler();
        var ambient = new Dictionary<string, string> { ["IDENTITY_ENDPOINT"] = _azure.ArcIdentityEndpoint, ["IMDS_ENDPOINT"] = _azure.ImdsEndpoint };
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            Azure = new CloudKeyOptions
            {
                HttpHandler = _handler, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5),
                AzureArcTokenDirectory = _tokens,
            },
            Ambient = new KeySourceContext(new MapEnvironment(ambient, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _c.Namespace("team-a");
        _azure.SetSecret("db-password", "from-key-vault");
        _azure.AddManagedIdentity();
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        _handler.Dispose();
        await _azure.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private void Store(JsonObject azurekv)
    {
        azurekv["vaultUrl"] = _azure.VaultUrl;
        _c.Store(null, "azure", new JsonObject { ["azurekv"] = azurekv });
        _c.ExternalSecret("team-a", "es", Spec("azure", "ClusterSecretStore", data: [("password", "db-password", null)]));
    }

    private IReadOnlyList<FakeRequest> ArcRequests => [.. _azure.Requests.Where(r => r.PathAndQuery.StartsWith("/arc/token", StringComparison.Ordinal))];

    [Fact]
    public async Task Arc_identity_answers_the_challenge_with_the_key_file_the_realm_names()
    {
        Store(new JsonObject { ["authType"] = "ManagedIdentity" });

        await _c.PassAsync();

        Assert.Equal("from-key-vault", _c.Value("team-a", "es", "password"));
        Assert.Equal(new AzureManagedIdentityLogin("system", FakeAzureKeyVaultServer.Resource, "arc"), Assert.Single(_azure.ManagedIdentityLogins));
        var requests = ArcRequests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Header("Authorization"));
        Assert.StartsWith("Basic ", requests[1].Header("Authorization"), StringComparison.Ordinal);
        Assert.All(requests, r => Assert.Contains("api-version=" + FakeAzureKeyVaultServer.ArcApiVersion, r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("true", r.Header("Metadata")));
        Assert.Empty(_azure.PendingArcKeyFiles);
        Assert.Equal(0, _azure.CountCalls("imds"));
    }

    public static TheoryData<string, string> ForeignRealms => new()
    {
        { "outside/stolen.key", "which is not a .key file in" },
        { "tokens/../stolen.key", "which is not a .key file in" },
        { "tokens/notes.txt", "which is not a .key file in" },
        { "tokens/sub/deeper.key", "which is not a .key file in" },
        { "tokens-other/near.key", "which is not a .key file in" },
        { "tokens/large.key", "which is larger than 4096 bytes" },
        { "tokens/link.key", "which is not a regular file" },
        { "tokens/missing.key", "which is not a regular file" },
        { "relative", "which is not a .key file in" },
    };

    [Theory]
    [MemberData(nameof(ForeignRealms))]
    public async Task A_realm_naming_any_other_file_is_refused_and_nothing_is_read_or_sent(string realm, string expected)
    {
        const string canary = "canary-file-content-never-sent";
        foreach (var path in new[] { "outside/stolen.key", "stolen.key", "tokens/notes.txt", "tokens/sub/deeper.key", "tokens-other/near.key" })
        {
            var full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, canary);
        }
        await File.WriteAllTextAsync(Path.Combine(_tokens, "large.key"), new string('k', 4097));
        File.CreateSymbolicLink(Path.Combine(_tokens, "link.key"), Path.Combine(_root, "outside/stolen.key"));
        _azure.ArcRealmOverride = realm == "relative" ? "stolen.key" : _root + "/" + realm;
        Store(new JsonObject { ["authType"] = "ManagedIdentity" });

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        var message = _c.ReadyMessage("team-a", "es");
        Assert.Contains("the Azure Arc identity endpoint names '", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(canary, message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", message, StringComparison.Ordinal);
        Assert.All(ArcRequests, r => Assert.Null(r.Header("Authorization")));
        Assert.Empty(_azure.ManagedIdentityLogins);
    }

    [Fact]
    public async Task A_challenge_without_a_realm_is_refused_with_one_line()
    {
        _azure.ArcRealmOverride = "";
        Store(new JsonObject { ["authType"] = "ManagedIdentity" });

        await _c.PassAsync();

        Assert.Contains("the Azure Arc identity endpoint answered 401 with a challenge that is not 'Basic realm=PATH'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.All(ArcRequests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task A_user_assigned_identity_is_refused_on_arc_before_any_request()
    {
        Store(new JsonObject { ["authType"] = "ManagedIdentity", ["identityId"] = "11111111-user-assigned" });

        await _c.PassAsync();

        Assert.Contains("Azure Arc gives only the machine's system-assigned identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(ArcRequests);
    }
}
