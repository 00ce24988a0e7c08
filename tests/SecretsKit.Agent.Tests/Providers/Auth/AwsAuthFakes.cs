using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Time;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// The STS and Secrets Manager fakes in <c>eu-west-1</c> and an agent cluster whose AWS endpoints point at them, with
/// one fast retry and, when given, the agent pod's own environment (<paramref name="ambient"/>).
/// </summary>
internal sealed class AwsAuthFakes : IAsyncDisposable
{
    private AwsAuthFakes(FakeSecretsManagerServer sm, FakeStsServer sts, AgentCluster cluster) => (Sm, Sts, Cluster) = (sm, sts, cluster);

    public FakeSecretsManagerServer Sm { get; }

    public FakeStsServer Sts { get; }

    public AgentCluster Cluster { get; }

    public static async Task<AwsAuthFakes> StartAsync(IReadOnlyDictionary<string, string>? ambient = null)
    {
        var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        var sts = await FakeStsServer.StartAsync("eu-west-1", new ManualTimeProvider());
        var options = new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = sm.BaseAddress, ["STS"] = sts.BaseAddress },
        };
        if (ambient is not null)
        {
            options = options with
            {
                Ambient = new KeySourceContext(new MapEnvironment(ambient, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
            };
        }
        return new AwsAuthFakes(sm, sts, await AgentCluster.StartAsync(providerOptions: options));
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Sts.DisposeAsync();
        await Sm.DisposeAsync();
    }
}
