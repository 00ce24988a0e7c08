using SecretsKit.Testing.Common;
using SecretsKit.Testing.KeyGroups;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// <c>--encryption-context</c> is parsed as sops 3.9–3.13 parses it: exactly one colon per pair, no empty pairs, an
/// empty key allowed; a malformed context exits 6 before anything is written.
/// </summary>
public sealed class EncryptionContextFlagTests : IAsyncLifetime
{
    private KmsAndTransitFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await KmsAndTransitFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private Dictionary<string, string?> Env() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDCTXTEST",
        ["AWS_SECRET_ACCESS_KEY"] = "ctx-secret-never-shown",
        ["AWS_ENDPOINT_URL_KMS"] = _fakes.Kms.BaseAddress.ToString(),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    [Theory]
    [InlineData("a:b:c")]
    [InlineData("a:1,,b:2")]
    [InlineData("a:b,")]
    [InlineData("novalue")]
    public async Task Malformed_context_exits_6_like_sops_and_leaves_the_file_alone(string context)
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("eu-west-1");
        var path = dir.Write("s.yaml", "token: hunter21\n");

        var r = await CliRunner.RunAsync(["encrypt", "-i", "--kms", arn, "--encryption-context", context, path], Env());

        Assert.Equal(6, r.ExitCode);
        Assert.Contains("Invalid KMS encryption context format", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("token: hunter21\n", File.ReadAllText(path));
        Assert.Equal(0, _fakes.Kms.CountCalls("Encrypt"));
    }

    [Fact]
    public async Task Empty_key_context_is_accepted_as_sops_accepts_it_and_decrypts_with_the_same_context()
    {
        using var dir = new TempDir();
        var arn = _fakes.Kms.CreateKey("eu-west-1");
        var path = dir.Write("s.yaml", "token: hunter22\n");

        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--kms", arn, "--encryption-context", ":v,app:web", path], Env());
        var dec = await CliRunner.RunAsync(["decrypt", path], Env());

        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var text = File.ReadAllText(path);
        Assert.Contains("\"\": v", text, StringComparison.Ordinal);
        Assert.Contains("app: web", text, StringComparison.Ordinal);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("token: hunter22\n", dec.StdoutText);
    }
}
