using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// Decrypt then re-encrypt a sops 3.13 fixture: the output equals the original byte for byte except for the ENC values,
/// mac, lastmodified/created_at, the wrapped key blobs and the version (structure, order, quoting, indentation identical).
/// </summary>
public sealed class ReencryptLayoutTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private readonly FixtureDecryptTests.Keys _keys;

    public ReencryptLayoutTests(FixtureDecryptTests.Keys keys) => _keys = keys;

    [Theory]
    [InlineData("ft-format.enc.yaml", "plain.yaml")]
    [InlineData("ft-format.enc.json", "plain.json")]
    [InlineData("ft-format.enc.ini", "plain.ini")]
    [InlineData("ft-format.enc.env", "plain.env")]
    public async Task Reencrypting_a_313_fixture_reproduces_its_layout(string fixture, string plainName)
    {
        using var dir = new TempDir();
        var plain = await CliRunner.RunAsync(new[] { "decrypt", SharedFixtures.PathOf(fixture) }, _keys.Env);
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var plainPath = dir.Write(plainName, plain.Stdout);

        var enc = await CliRunner.RunAsync(new[] { "encrypt", "--pgp", GnupgHome.Key1, plainPath }, _keys.Env, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);

        var original = Normalize(Encoding.UTF8.GetString(SharedFixtures.Read(fixture)));
        var ours = Normalize(enc.StdoutText);
        Assert.Equal(original, ours);
    }

    private static string Normalize(string text)
    {
        text = Regex.Replace(text, @"ENC\[AES256_GCM,[^\]]*\]", "ENC[…]");
        text = Regex.Replace(text, @"-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----", "PGP", RegexOptions.Singleline);
        text = Regex.Replace(text, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME");
        text = Regex.Replace(text, @"3\.13\.\d", "3.13.x");
        return text;
    }
}
