using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// A Vault transit key on an address that accepts connections and never answers, through the real process: <c>decrypt</c>
/// of a file whose <c>hc_vault</c> stanza names it and <c>encrypt --hc-vault-transit</c> to it each fail after the
/// per-key deadline (<see cref="KeyDeadlines"/>, 30 s, retries included) with one line naming the key, and no later.
/// Wrapping had no deadline of its own: the Vault client's four attempts of 30 s took 2 minutes and said "timed out after 30s".
/// </summary>
public sealed class VaultUnreachableTests
{
    private static readonly TimeSpan Bound = KeyDeadlines.Default.PerKey;

    [Fact]
    public async Task Decrypt_and_encrypt_with_a_vault_that_never_answers_fail_after_the_per_key_deadline()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // connections complete in the kernel's backlog; nothing reads or answers them
        var address = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var key = $"{address}/v1/transit/keys/app";
        using var dir = new TempDir();
        var encrypted = dir.Write("enc.yaml", $"""
            password: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
            sops:
                hc_vault:
                    - vault_address: {address}
                      engine_path: transit
                      key_name: app
                      created_at: "2026-11-25T00:00:00Z"
                      enc: vault:v1:AAAA
                lastmodified: "2026-11-25T00:00:00Z"
                mac: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]
                version: 3.9.0

            """);
        var plain = dir.Write("plain.yaml", "password: hunter-vault\n");
        var env = new Dictionary<string, string?> { ["VAULT_TOKEN"] = "never-sent-anywhere-else", ["VAULT_ADDR"] = null };

        var decrypting = TimedAsync(["decrypt", encrypted], env); // both at once: each waits for its own deadline
        var encrypting = TimedAsync(["encrypt", "-i", "--hc-vault-transit", key, plain], env);
        var (decrypt, decryptTook) = await decrypting;
        var (encrypt, encryptTook) = await encrypting;

        Assert.True(decrypt.ExitCode == 128, decrypt.Stderr);
        Assert.Contains($"hc_vault {key}: no answer within {Bound.TotalSeconds:0} s", decrypt.Stderr, StringComparison.Ordinal);
        Assert.True(encrypt.ExitCode == 1, encrypt.Stderr);
        Assert.StartsWith($"secretskit: error: cannot encrypt the data key with hc_vault key {key}: no answer within {Bound.TotalSeconds:0} s\n",
            encrypt.Stderr, StringComparison.Ordinal);
        Assert.Equal("password: hunter-vault\n", File.ReadAllText(plain));
        foreach (var took in new[] { decryptTook, encryptTook })
        {
            Assert.True(took >= Bound, $"failed after {took.TotalSeconds:0.0} s, before the {Bound.TotalSeconds:0} s deadline");
            Assert.True(took < Bound + TimeSpan.FromSeconds(3), $"took {took.TotalSeconds:0.0} s for a {Bound.TotalSeconds:0} s deadline");
        }
    }

    private static async Task<(ProcessRun.Result Result, TimeSpan Took)> TimedAsync(string[] args, Dictionary<string, string?> env)
    {
        var clock = Stopwatch.StartNew();
        var result = await CliRunner.RunAsync(args, env);
        return (result, clock.Elapsed);
    }
}
