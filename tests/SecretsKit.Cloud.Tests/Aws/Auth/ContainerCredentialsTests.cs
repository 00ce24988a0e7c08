using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.Container;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Time;

namespace SecretsKit.Cloud.Tests.Aws.Auth;

/// <summary>
/// The container credential provider (EKS Pod Identity, ECS task roles) against the container credentials fake: the
/// SDK's variables and their order, the host rules of a full URI, the token file read again at each fetch, the cache
/// until five minutes before <c>Expiration</c>, a bounded answer, and one-line errors without the token.
/// </summary>
public sealed class ContainerCredentialsTests : IAsyncLifetime
{
    private static readonly CloudRetryOptions NoRetry = new() { MaxRetries = 0 };
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TempDir _dir = new();
    private FakeContainerCredentialsServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeContainerCredentialsServer.StartAsync(time: _time);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private ContainerCredentials? FromEnvironment(Dictionary<string, string> variables, Uri? ecsHost = null) =>
        ContainerCredentials.FromEnvironment(new MapEnvironment(variables, "/nonexistent", "/"), NoRetry, _time, ecsHost);

    private string TokenFile(string token)
    {
        var path = Path.Combine(_dir.Path, "eks-pod-identity-token");
        File.WriteAllText(path, token + "\n");
        return path;
    }

    [Fact]
    public async Task The_full_uri_gets_the_token_file_as_the_authorization_header_read_again_at_each_fetch()
    {
        _server.Lifetime = TimeSpan.FromMinutes(1); // inside the five-minute margin: every use fetches again
        _server.AddStaticIdentity("token-one", "ASIAPODONE", "pod-secret");
        var file = TokenFile("token-one");
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(), ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = file })!;

        var first = await credentials.GetCredentialsAsync();
        _server.AddStaticIdentity("token-two", "ASIAPODTWO", "pod-secret-2");
        await File.WriteAllTextAsync(file, "token-two");
        var second = await credentials.GetCredentialsAsync();

        Assert.Equal(("ASIAPODONE", "pod-secret"), (first.AccessKey, first.SecretKey));
        Assert.Equal(("ASIAPODTWO", "pod-secret-2"), (second.AccessKey, second.SecretKey));
        Assert.False(string.IsNullOrEmpty(second.Token));
        Assert.Equal(["token-one", "token-two"], _server.Requests.Select(r => r.Header("Authorization")));
        Assert.All(_server.Requests, r => Assert.Equal(("GET", FakeContainerCredentialsServer.PodIdentityPath), (r.Method, r.PathAndQuery)));
    }

    [Fact]
    public async Task Credentials_are_kept_until_five_minutes_before_their_expiration_then_fetched_again()
    {
        _server.AddStaticIdentity("t", "ASIAPOD", "pod-secret");
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(), ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "t" })!;

        await credentials.GetCredentialsAsync();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => credentials.GetCredentialsAsync()));
        _time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await credentials.GetCredentialsAsync();
        var kept = _server.TotalCalls;
        _time.Advance(TimeSpan.FromSeconds(2));
        await credentials.GetCredentialsAsync();

        Assert.Equal(1, kept);
        Assert.Equal(2, _server.TotalCalls);
    }

    [Fact]
    public async Task A_relative_uri_is_fetched_from_the_ecs_host_and_wins_over_a_full_uri()
    {
        await using var ecs = await FakeContainerCredentialsServer.StartAsync("/v2/credentials/task-1234", _time);
        ecs.AddStaticIdentity(null, "ASIATASK", "task-secret");
        var credentials = FromEnvironment(new()
        {
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/task-1234",
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(),
        }, ecsHost: ecs.BaseAddress)!;

        var got = await credentials.GetCredentialsAsync();

        Assert.Equal("ASIATASK", got.AccessKey);
        Assert.Equal(new Uri(ecs.BaseAddress, "/v2/credentials/task-1234"), credentials.Endpoint);
        Assert.Equal(0, _server.TotalCalls);
        Assert.Null(Assert.Single(ecs.Requests).Header("Authorization"));
        Assert.Equal(new Uri("http://169.254.170.2/v2/credentials/task-1234"),
            FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/task-1234" })!.Endpoint);
    }

    [Fact]
    public async Task The_token_file_wins_over_the_token_variable()
    {
        _server.AddStaticIdentity("from-file", "ASIAPOD", "pod-secret");
        var credentials = FromEnvironment(new()
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = TokenFile("from-file"),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "from-variable",
        })!;

        await credentials.GetCredentialsAsync();

        Assert.Equal("from-file", Assert.Single(_server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_host_name_is_checked_on_the_addresses_it_resolves_to_and_localhost_is_loopback()
    {
        _server.AddStaticIdentity("t", "ASIAPOD", "pod-secret");
        var uri = new UriBuilder(_server.FullUri) { Host = "localhost" }.Uri;
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri.ToString(), ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "t" })!;

        Assert.Equal("ASIAPOD", (await credentials.GetCredentialsAsync()).AccessKey);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/role")]
    [InlineData("http://10.0.0.7/v1/credentials")]
    [InlineData("http://[fd00:ec2::254]/v1/credentials")]
    [InlineData("http://169.254.170.24/v1/credentials")]
    public void Plain_http_to_an_address_other_than_loopback_or_the_container_hosts_is_refused_before_any_request(string uri)
    {
        var e = Assert.Throws<StoreConfigException>(() => FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri }));

        Assert.Contains("plain http is allowed only to a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("http://169.254.170.23/v1/credentials")]
    [InlineData("http://[fd00:ec2::23]/v1/credentials")]
    [InlineData("http://169.254.170.2/v2/credentials/x")]
    [InlineData("http://127.0.0.2:8080/creds")]
    [InlineData("http://[::1]:8080/creds")]
    [InlineData("https://credentials.example.internal/v1/credentials")]
    public void The_container_hosts_loopback_and_any_https_host_are_accepted(string uri)
    {
        Assert.Equal(new Uri(uri), FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri })!.Endpoint);
    }

    [Theory]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/creds")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://user:secret-password@127.0.0.1/creds")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI", "/v1/credentials")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "//attacker.example/v2/credentials")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "@attacker.example/v2/credentials")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/cred\\entials")]
    public void A_uri_that_could_pick_another_host_or_scheme_is_refused_naming_the_variable(string variable, string value)
    {
        var e = Assert.Throws<StoreConfigException>(() => FromEnvironment(new() { [variable] = value }));

        Assert.StartsWith(variable, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_container_variable_means_no_container_provider()
    {
        Assert.Null(FromEnvironment(new() { ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "t" }));
    }

    [Fact]
    public async Task A_refused_token_is_one_line_with_the_status_and_the_endpoint_never_the_token()
    {
        _server.AddStaticIdentity("the-right-token", "ASIAPOD", "pod-secret");
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri + "?x=1", ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = TokenFile("a-wrong-token-value") })!;

        var e = await Assert.ThrowsAsync<AwsServiceException>(credentials.GetCredentialsAsync);

        Assert.Equal(403, e.StatusCode);
        Assert.Contains($"GET {_server.FullUri}", e.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-token-value", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("x=1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_token_with_a_line_break_is_refused_before_any_request_without_showing_it()
    {
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(), ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "tok\r\nX-Injected: secret-tail" })!;

        var e = await Assert.ThrowsAsync<StoreConfigException>(credentials.GetCredentialsAsync);

        Assert.Equal("AWS_CONTAINER_AUTHORIZATION_TOKEN holds control characters, so it cannot be sent as the Authorization header", e.Message);
        Assert.Equal(0, _server.TotalCalls);
    }

    [Theory]
    [InlineData(200, "", "the answer is not JSON")]
    [InlineData(200, "{\"AccessKeyId\":\"ASIA\"}", "the answer holds no credentials")]
    [InlineData(200, "{\"AccessKeyId\":\"ASIA\",\"SecretAccessKey\":\"s\",\"Expiration\":\"soon\"}", "the answer's Expiration is not a date")]
    [InlineData(200, "BIG", "response larger than 64 KiB")]
    [InlineData(500, "BIG", "response larger than 64 KiB")]
    public async Task A_broken_or_oversized_answer_is_a_clear_error(int status, string body, string expected)
    {
        _server.AnswerNextWith(status, body == "BIG" ? "{\"AccessKeyId\":\"" + new string('A', 70 * 1024) + "\"}" : body);
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString() })!;

        var e = await Assert.ThrowsAsync<AwsServiceException>(credentials.GetCredentialsAsync);

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
    }

    [Fact]
    public async Task A_failed_fetch_is_not_kept_the_next_use_tries_again()
    {
        _server.AddStaticIdentity("t", "ASIAPOD", "pod-secret");
        _server.AnswerNextWith(503, """{"code":"ServiceUnavailable","message":"agent starting"}""");
        var credentials = FromEnvironment(new() { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString(), ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "t" })!;

        await Assert.ThrowsAsync<AwsServiceException>(credentials.GetCredentialsAsync);

        Assert.Equal("ASIAPOD", (await credentials.GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public void The_ambient_chain_takes_web_identity_before_the_container_and_the_container_before_nothing()
    {
        var container = new Dictionary<string, string> { ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _server.FullUri.ToString() };
        var both = new Dictionary<string, string>(container) { ["AWS_WEB_IDENTITY_TOKEN_FILE"] = TokenFile("jwt"), ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/r" };
        StsClient Sts() => new(new AwsClientOptions { Region = "eu-west-1", Endpoint = new Uri("http://127.0.0.1:1/") });

        var ambient = AmbientAwsCredentials.Resolve(new MapEnvironment(container, "/nonexistent", "/"), Sts);
        var ordered = AmbientAwsCredentials.Resolve(new MapEnvironment(both, "/nonexistent", "/"), Sts);

        Assert.IsType<ContainerCredentials>(ambient);
        Assert.IsType<StsCredentials>(ordered);
        Assert.Null(AmbientAwsCredentials.Resolve(new MapEnvironment(new Dictionary<string, string>(), "/nonexistent", "/"), Sts));
    }
}
