using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>Issue must-show 1, per provider: the right Secret, updates after one interval, failures reported and recovered.</summary>
public sealed class ProviderLifecycleTests
{
    [Theory]
    [InlineData(ProviderKind.Vault)]
    [InlineData(ProviderKind.AwsSecretsManager)]
    [InlineData(ProviderKind.AwsParameterStore)]
    [InlineData(ProviderKind.AzureKeyVault)]
    public async Task External_secret_produces_the_secret_and_a_provider_update_shows_up_after_one_interval(ProviderKind kind)
    {
        await using var h = await ProviderHarness.StartAsync(kind);
        var c = h.Cluster;
        h.Put("pw-first-7f3a");
        c.ExternalSecret("default", "es", Spec("store", refresh: "1m", data: [("password", h.RemoteKey, "value")]));

        await c.PassAsync();
        Assert.Equal("pw-first-7f3a", c.Value("default", "es", "password"));
        Assert.Equal("Opaque", c.TargetSecret("default", "es")!["type"]!.GetValue<string>());
        Assert.Equal("SecretSynced", c.ReadyCondition("default", "es")!["reason"]!.GetValue<string>());

        h.Put("pw-second-9b1c");
        await c.PassAsync();
        Assert.Equal("pw-first-7f3a", c.Value("default", "es", "password")); // not due yet

        c.Time.Advance(TimeSpan.FromMinutes(1)); // one interval: the key's next refresh slot has begun
        await c.PassAsync();
        Assert.Equal("pw-second-9b1c", c.Value("default", "es", "password"));
    }

    [Theory]
    [InlineData(ProviderKind.Vault, ProviderFailure.ServerError)]
    [InlineData(ProviderKind.Vault, ProviderFailure.TooManyRequests)]
    [InlineData(ProviderKind.Vault, ProviderFailure.Timeout)]
    [InlineData(ProviderKind.AwsSecretsManager, ProviderFailure.ServerError)]
    [InlineData(ProviderKind.AwsSecretsManager, ProviderFailure.TooManyRequests)]
    [InlineData(ProviderKind.AwsSecretsManager, ProviderFailure.Timeout)]
    [InlineData(ProviderKind.AwsSecretsManager, ProviderFailure.Throttling)]
    [InlineData(ProviderKind.AwsParameterStore, ProviderFailure.ServerError)]
    [InlineData(ProviderKind.AwsParameterStore, ProviderFailure.TooManyRequests)]
    [InlineData(ProviderKind.AwsParameterStore, ProviderFailure.Timeout)]
    [InlineData(ProviderKind.AwsParameterStore, ProviderFailure.Throttling)]
    [InlineData(ProviderKind.AzureKeyVault, ProviderFailure.ServerError)]
    [InlineData(ProviderKind.AzureKeyVault, ProviderFailure.TooManyRequests)]
    [InlineData(ProviderKind.AzureKeyVault, ProviderFailure.Timeout)]
    public async Task Provider_failure_keeps_the_secret_reports_provider_and_status_without_values_and_recovery_clears_it(
        ProviderKind kind, ProviderFailure failure)
    {
        await using var h = await ProviderHarness.StartAsync(kind, shortTimeouts: failure == ProviderFailure.Timeout);
        var c = h.Cluster;
        h.Put("pw-first-7f3a");
        c.ExternalSecret("default", "es", Spec("store", refresh: "1m", data: [("password", h.RemoteKey, "value")]));
        await c.PassAsync();
        Assert.Equal("pw-first-7f3a", c.Value("default", "es", "password"));

        h.Put("pw-second-9b1c");
        h.Fail(failure);
        c.Time.Advance(TimeSpan.FromMinutes(2));
        await c.PassAsync();

        Assert.Equal("pw-first-7f3a", c.Value("default", "es", "password"));
        var failed = c.ReadyCondition("default", "es")!;
        var message = failed["message"]!.GetValue<string>();
        Assert.Equal("False", failed["status"]!.GetValue<string>());
        Assert.Equal("SecretSyncedError", failed["reason"]!.GetValue<string>());
        Assert.Contains(h.ProviderName, message, StringComparison.Ordinal);
        Assert.Contains(failure switch { ProviderFailure.ServerError => "500", ProviderFailure.TooManyRequests => "429", ProviderFailure.Throttling => "ThrottlingException", _ => "timed out" },
            message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-first", message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-second", message, StringComparison.Ordinal);
        foreach (var credential in h.CredentialValues) Assert.DoesNotContain(credential, message, StringComparison.Ordinal);

        await c.PassAsync(); // the faults are used up: the failed sync did not count, so the next pass fetches again

        Assert.Equal("pw-second-9b1c", c.Value("default", "es", "password"));
        var recovered = c.ReadyCondition("default", "es")!;
        Assert.Equal("True", recovered["status"]!.GetValue<string>());
        Assert.Equal("SecretSynced", recovered["reason"]!.GetValue<string>());
    }
}
