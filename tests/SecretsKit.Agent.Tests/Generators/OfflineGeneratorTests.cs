using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators;

/// <summary>
/// ESO's generators that need no network (<c>Fake</c>, <c>SSHKey</c>, <c>MFA</c>) through the Kubernetes API fake with the
/// chart's CRDs, as namespaced kinds and as ClusterGenerators, with ESO's output keys. SSH keys are checked by the real
/// <c>ssh-keygen</c>; TOTP codes against RFC 6238's test vectors.
/// </summary>
public sealed class OfflineGeneratorTests
{
    // RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890", here in base32
    private const string Rfc6238Sha1Seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Fact]
    public async Task Fake_generator_writes_its_data_as_keys_namespaced_and_as_a_cluster_generator()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        Generator(c, "Fake", "default", "demo", new JsonObject { ["data"] = new JsonObject { ["username"] = "admin", ["password"] = "s3cr3t" } });
        Generator(c, "ClusterGenerator", null, "shared", new JsonObject
        {
            ["kind"] = "Fake",
            ["generator"] = new JsonObject { ["fakeSpec"] = new JsonObject { ["data"] = new JsonObject { ["api-key"] = "k-123" } } },
        });
        c.ExternalSecret("default", "fake", GeneratorSpec(("Fake", "demo")));
        c.ExternalSecret("team-a", "fake", GeneratorSpec(("ClusterGenerator", "shared")));

        await c.PassAsync();

        Assert.Equal("admin", c.Value("default", "fake", "username"));
        Assert.Equal("s3cr3t", c.Value("default", "fake", "password"));
        Assert.Equal("k-123", c.Value("team-a", "fake", "api-key"));
        Assert.Equal("True", c.ReadyStatus("team-a", "fake"));
        Assert.Empty(c.Server.UnknownFields);
    }

    [Theory]
    [InlineData("rsa", null, "ssh-rsa", "3072")]
    [InlineData("rsa", 4096, "ssh-rsa", "4096")]
    [InlineData("ed25519", null, "ssh-ed25519", "256")]
    [InlineData("ecdsa", 384, "ecdsa-sha2-nistp384", "384")]
    public async Task SSHKey_generator_writes_an_openssh_private_key_that_ssh_keygen_reads_back_to_the_public_key(string keyType, int? keySize, string sshType, string bits)
    {
        await using var c = await StartAsync();
        var spec = new JsonObject { ["keyType"] = keyType, ["comment"] = "deploy@ci" };
        if (keySize is { } size) spec["keySize"] = size;
        if (keyType == "rsa" && keySize is null) spec["keySize"] = 3072;
        Generator(c, "SSHKey", "default", "key", spec);
        c.ExternalSecret("default", "ssh", GeneratorSpec(("SSHKey", "key")));

        await c.PassAsync();

        var privateKey = c.Value("default", "ssh", "privateKey")!;
        var publicKey = c.Value("default", "ssh", "publicKey")!;
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n", privateKey, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END OPENSSH PRIVATE KEY-----\n", privateKey, StringComparison.Ordinal);
        Assert.All(privateKey.Split('\n')[1..^2], line => Assert.InRange(line.Length, 1, 64));
        Assert.Matches($"^{sshType} [A-Za-z0-9+/=]+ deploy@ci\n$", publicKey);

        using var dir = new TempDir();
        var keyFile = Path.Combine(dir.Path, "id");
        await File.WriteAllTextAsync(keyFile, privateKey);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var derived = await ProcessRun.RunAsync("ssh-keygen", ["-y", "-f", keyFile]);
        Assert.True(derived.ExitCode == 0, derived.Stderr);
        Assert.Equal(string.Join(' ', publicKey.Split(' ')[..2]), string.Join(' ', derived.StdoutText.Trim().Split(' ')[..2]));
        await File.WriteAllTextAsync(keyFile + ".pub", publicKey);
        var fingerprint = await ProcessRun.RunAsync("ssh-keygen", ["-l", "-f", keyFile + ".pub"]);
        Assert.True(fingerprint.ExitCode == 0, fingerprint.Stderr);
        Assert.StartsWith(bits + " SHA256:", fingerprint.StdoutText, StringComparison.Ordinal);
        Assert.Contains(" deploy@ci ", fingerprint.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SSHKey_generator_defaults_to_a_2048_bit_rsa_key_and_an_unknown_type_is_a_sync_error()
    {
        await using var c = await StartAsync();
        Generator(c, "ClusterGenerator", null, "ssh", new JsonObject { ["kind"] = "SSHKey", ["generator"] = new JsonObject { ["sshKeySpec"] = new JsonObject() } });
        c.ExternalSecret("default", "ssh", GeneratorSpec(("ClusterGenerator", "ssh")));

        await c.PassAsync();

        using var dir = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "id.pub"), c.Value("default", "ssh", "publicKey")!);
        var fingerprint = await ProcessRun.RunAsync("ssh-keygen", ["-l", "-f", Path.Combine(dir.Path, "id.pub")]);
        Assert.StartsWith("2048 SHA256:", fingerprint.StdoutText, StringComparison.Ordinal);
        Assert.EndsWith("(RSA)\n", fingerprint.StdoutText, StringComparison.Ordinal);
        Assert.Matches("^ssh-rsa [A-Za-z0-9+/=]+\n$", c.Value("default", "ssh", "publicKey")!); // no comment: the bare line
    }

    [Theory]
    [InlineData("sha1", Rfc6238Sha1Seed, "1970-01-01T00:00:59Z", 8, "94287082", "1")]
    [InlineData("sha1", Rfc6238Sha1Seed, "2005-03-18T01:58:29Z", 8, "07081804", "1")]
    [InlineData(null, Rfc6238Sha1Seed, "2009-02-13T23:31:30Z", 8, "89005924", "30")]
    [InlineData("sha256", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", "1970-01-01T00:00:59Z", 8, "46119246", "1")]
    [InlineData("sha512", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA", "2033-05-18T03:33:20Z", 8, "38618901", "10")]
    [InlineData(null, Rfc6238Sha1Seed, "1970-01-01T00:00:59Z", null, "287082", "1")]
    public async Task MFA_generator_computes_the_rfc6238_code_and_the_seconds_left(string? algorithm, string seed, string when, int? length, string token, string timeLeft)
    {
        await using var c = await StartAsync();
        // spaces and lower case are tolerated, as authenticator seeds are often shown
        c.Secret("default", "totp-seed", new Dictionary<string, string> { ["seed"] = seed[..8].ToLowerInvariant() + " " + seed[8..] });
        var spec = new JsonObject { ["secret"] = new JsonObject { ["name"] = "totp-seed", ["key"] = "seed" }, ["when"] = when };
        if (algorithm is not null) spec["algorithm"] = algorithm;
        if (length is not null) spec["length"] = length;
        Generator(c, "MFA", "default", "otp", spec);
        c.ExternalSecret("default", "otp", GeneratorSpec(("MFA", "otp")));

        await c.PassAsync();

        Assert.Equal(token, c.Value("default", "otp", "token"));
        Assert.Equal(timeLeft, c.Value("default", "otp", "timeLeft"));
    }

    [Fact]
    public async Task MFA_cluster_generator_reads_the_seed_from_the_namespace_of_each_external_secret_and_uses_the_agent_clock()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Secret("team-a", "seed", new Dictionary<string, string> { ["seed"] = Rfc6238Sha1Seed });
        Generator(c, "ClusterGenerator", null, "otp", new JsonObject
        {
            ["kind"] = "MFA",
            ["generator"] = new JsonObject { ["mfaSpec"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "seed", ["key"] = "seed" }, ["length"] = 8 } },
        });
        c.ExternalSecret("team-a", "otp", GeneratorSpec(("ClusterGenerator", "otp")));
        c.ExternalSecret("team-b", "otp", GeneratorSpec(("ClusterGenerator", "otp")));
        c.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1111111111)); // RFC 6238: 14050471

        await c.PassAsync();

        Assert.Equal("14050471", c.Value("team-a", "otp", "token"));
        Assert.Equal("29", c.Value("team-a", "otp", "timeLeft"));
        Assert.Equal("False", c.ReadyStatus("team-b", "otp"));
        Assert.Contains("secret team-b/seed (spec.secret) not found", c.ReadyMessage("team-b", "otp"), StringComparison.Ordinal);
        Assert.DoesNotContain(Rfc6238Sha1Seed, c.ReadyMessage("team-b", "otp"), StringComparison.Ordinal);
    }
}
