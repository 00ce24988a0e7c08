using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cloud.Tests.Deadlines;

/// <summary>
/// Key services that are slow or unreachable end in one clear line per key, bounded in time per key and overall: a
/// Vault address on 127.0.0.1 that accepts the connection and never answers, through the real transit client, when a
/// data key is recovered and when one is wrapped.
/// </summary>
public sealed class SlowKeyServiceTests
{
    [Fact]
    public async Task A_vault_that_accepts_and_never_answers_is_bounded_per_key_and_overall_with_one_line_each()
    {
        using var vault = new SilentVault();
        var address = vault.Address;
        var registry = vault.Registry;
        var group = Enumerable.Range(0, 4).Select(i => new MasterKeyEntry("hc_vault", new Dictionary<string, string>
        {
            ["vault_address"] = address, ["engine_path"] = "transit", ["key_name"] = $"k{i}", ["enc"] = "vault:v1:AAAA",
        })).ToList();
        var metadata = new SopsMetadata { KeyGroups = [group], LastModified = "2026-11-25T00:00:00Z" };
        var recovery = new DataKeyRecovery(registry, deadlines: new KeyDeadlines(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)));

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NoKeyMatchedException>(() => recovery.RecoverAsync(metadata));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(128, error.ExitCode);
        var reasons = error.Attempts.Select(a => a.Reason).ToList();
        Assert.Equal(4, reasons.Count);
        // each key waits at most 1 s, the last ones what is left of 2.5 s, and a key after that is not tried at all
        Assert.Equal("no answer within 1 s", reasons[0]);
        Assert.All(reasons.Take(2), r => Assert.StartsWith("no answer within ", r, StringComparison.Ordinal));
        Assert.Equal("not tried: key services already took the overall limit of 2.5 s", reasons[^1]);
        Assert.Equal(1 + 1 + 4, error.Message.Split('\n').Length);
    }

    [Theory]
    [InlineData(1.0, 10.0, "no answer within 1 s")]
    [InlineData(10.0, 1.5, "key services already took the overall limit of 1.5 s")]
    public async Task Wrapping_with_a_vault_that_accepts_and_never_answers_stops_at_the_first_deadline_with_one_line(
        double perKey, double overall, string reason)
    {
        using var vault = new SilentVault();
        var uri = $"{vault.Address}/v1/transit/keys/k";
        var engine = new SopsEngine(vault.Registry, TimeProvider.System, new KeyDeadlines(TimeSpan.FromSeconds(perKey), TimeSpan.FromSeconds(overall)));
        var key = vault.Transit.Parse(uri, KeyParseOptions.None);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<SecretsKitException>(() => engine.WrapAsync(TestContexts.NewDataKey(), [[key]], 0));

        // the Vault client alone retries a timed-out attempt of 30 s three times
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(ExitCodes.Generic, error.ExitCode);
        Assert.Equal($"cannot encrypt the data key with hc_vault key {uri}: {reason}", error.Message);
    }

    [Fact]
    public void A_thousand_failed_keys_give_a_short_message_with_a_count_of_the_rest()
    {
        var attempts = Enumerable.Range(0, 1_000)
            .Select(i => new KeyAttempt(0, "kms", $"arn:aws:kms:eu-west-1:111122223333:key/{new string('x', 100_000)}{i}", "AccessDenied " + new string('y', 10_000)))
            .ToList();

        var message = new NoKeyMatchedException(attempts, 1, 1, 0).Message;

        Assert.True(message.Length <= 2_000, $"{message.Length} characters");
        var shown = message.Split('\n').Count(l => l.StartsWith("    kms ", StringComparison.Ordinal));
        Assert.InRange(shown, 1, 10);
        Assert.EndsWith($"and {1_000 - shown:N0} more keys, which failed too", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_failed_key_groups_give_at_most_two_thousand_characters_with_a_count_of_the_groups_left_out()
    {
        // fuzz seed 2469's shape, scaled up: every group has a full list of keys whose reasons repeat long identifiers
        var attempts = Enumerable.Range(0, 50).SelectMany(g => Enumerable.Range(0, 6).Select(i =>
            new KeyAttempt(g, "kms", $"arn:aws:kms:eu-west-1:111122223333:key/{i}-1234abcd-12ab-34cd-56ef-1234567890ab",
                $"kms: decrypting the data key with key 'arn:aws:kms:eu-west-1:111122223333:key/{i}-1234abcd' failed: {new string('y', 400)}")))
            .ToList();

        var message = new NoKeyMatchedException(attempts, 50, 50, 0).Message;

        Assert.True(message.Length <= 2_000, $"{message.Length} characters");
        Assert.StartsWith("failed to get the data key required to decrypt the file (0 of 50 key groups decrypted, 50 required)\n  group 0: FAILED\n    kms ", message, StringComparison.Ordinal);
        Assert.Matches(@"\n  and 4[0-9] more groups \([0-9,]+ keys\), which failed too$", message);
    }

    /// <summary>A Vault address on 127.0.0.1 whose connections the kernel's backlog accepts and nothing reads or answers, with the real transit key source.</summary>
    private sealed class SilentVault : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public SilentVault()
        {
            _listener.Start();
            Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            Transit = new TransitKeySource(TestContexts.With(new Dictionary<string, string> { ["VAULT_TOKEN"] = "t" }));
            Registry.Register(Transit);
        }

        public string Address { get; }

        public TransitKeySource Transit { get; }

        public KeySourceRegistry Registry { get; } = new();

        public void Dispose()
        {
            Transit.Dispose();
            _listener.Dispose();
        }
    }
}
