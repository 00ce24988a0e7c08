using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>Encrypt then decrypt all five formats with age, with PGP, and with two key groups and a Shamir threshold of 2.</summary>
public sealed class RoundTripTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private readonly FixtureDecryptTests.Keys _keys;

    public RoundTripTests(FixtureDecryptTests.Keys keys) => _keys = keys;

    public static TheoryData<string, string> Documents() => new()
    {
        { "values.yaml", "# top comment\napp:\n    name: web\n    replicas: 3\n    ratio: 0.75\n    enabled: true\n    tags:\n        - a\n        - b\n    password: hunter2 # inline\nempty: \"\"\nnothing: null\n" },
        { "values.json", "{\n\t\"app\": {\n\t\t\"name\": \"web\",\n\t\t\"replicas\": 3,\n\t\t\"ratio\": 0.75,\n\t\t\"enabled\": true,\n\t\t\"tags\": [\n\t\t\t\"a\",\n\t\t\t\"b\"\n\t\t]\n\t},\n\t\"password\": \"hunter2\"\n}\n" },
        { "values.env", "# comment\nDB_PASSWORD=hunter2\nAPI_URL=https://example.com/a?b=c\nMULTI=line1\\nline2\n" },
        { "values.ini", "[database]\nhost     = db.internal\npassword = hunter2\n\n[api]\ntoken = abc123\n" },
        { "values.bin", "arbitrary \u0001 bytes\nno trailing newline" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Age_round_trip_preserves_every_byte_of_canonical_input(string name, string content)
    {
        using var dir = new TempDir();
        var path = dir.Write(name, content);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path }, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var encrypted = File.ReadAllText(path);
        Assert.DoesNotContain("hunter2", encrypted, StringComparison.Ordinal);
        Assert.Contains("ENC[AES256_GCM,", encrypted, StringComparison.Ordinal);

        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(content, dec.StdoutText);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Pgp_round_trip_through_real_gpg(string name, string content)
    {
        using var dir = new TempDir();
        var path = dir.Write(name, content);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "--output", path + ".enc", "--input-type", FormatOf(name), "--pgp", GnupgHome.Key1, path }, _keys.Env, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("BEGIN PGP MESSAGE", File.ReadAllText(path + ".enc"), StringComparison.Ordinal);

        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--input-type", FormatOf(name), path + ".enc" }, _keys.Env);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(content, dec.StdoutText);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Two_key_groups_with_threshold_2_need_both_groups(string name, string content)
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{TestKeys.AgeRecipient}]\n      - pgp: [{GnupgHome.Key1}]\n");
        var path = dir.Write(name, content);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, _keys.Env, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var encrypted = File.ReadAllText(path);
        Assert.Contains("key_groups", encrypted, StringComparison.Ordinal);
        Assert.Contains("shamir_threshold", encrypted, StringComparison.Ordinal);

        var both = new Dictionary<string, string?>(_keys.Env) { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, both);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(content, dec.StdoutText);

        // Only the age group: one share of two is not enough.
        var ageOnly = await CliRunner.RunAsync(new[] { "decrypt", path },
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["GNUPGHOME"] = dir.Path });
        Assert.Equal(128, ageOnly.ExitCode);
        Assert.Contains("group 1", ageOnly.Stderr, StringComparison.Ordinal);
    }

    private static string FormatOf(string name) => Path.GetExtension(name) switch
    {
        ".yaml" => "yaml",
        ".json" => "json",
        ".env" => "dotenv",
        ".ini" => "ini",
        _ => "binary",
    };

    internal static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
