using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Web;

namespace SecretsKit.Deploy.Tests.Helm;

/// <summary>Remote value files over HTTP on 127.0.0.1, as helm-secrets fetches them (URL credentials, .netrc, ${VAR}).</summary>
public sealed class RemoteValueFileTests
{
    private const string Plain = "db:\n    password: remote-hunter-9\n";

    private static IEnvironment Env(string home, params (string Name, string Value)[] variables) =>
        new MapEnvironment(variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), home, home);

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_auth_and_never_shown()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.RequireBasicAuth = "deploy:pa55-word";
        var url = server.Put("/team/values.yaml", Encoding.UTF8.GetBytes(Plain));
        using var home = new TempDir();
        var withCredentials = url.Replace("http://", "http://deploy:pa55-word@", StringComparison.Ordinal);

        var content = await RemoteValueFile.FetchAsync(withCredentials, Env(home.Path), CancellationToken.None);
        var denied = await Assert.ThrowsAsync<SecretsKitException>(() =>
            RemoteValueFile.FetchAsync(url.Replace("http://", "http://deploy:wrong@", StringComparison.Ordinal), Env(home.Path), CancellationToken.None));

        Assert.Equal(Plain, Encoding.UTF8.GetString(content));
        Assert.Contains("HTTP 401", denied.Message, StringComparison.Ordinal);
        Assert.Contains("***@127.0.0.1", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", denied.Message + denied.Hint, StringComparison.Ordinal);
        Assert.NotNull(denied.Hint);
    }

    [Fact]
    public async Task Credentials_come_from_the_netrc_file_NETRC_names()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.RequireBasicAuth = "bot:from-netrc";
        var url = server.Put("/values.yaml", Encoding.UTF8.GetBytes(Plain));
        using var home = new TempDir();
        var netrc = home.Write("custom-netrc", "machine 127.0.0.1 login bot password from-netrc\n");

        var content = await RemoteValueFile.FetchAsync(url, Env(home.Path, ("NETRC", netrc)), CancellationToken.None);
        var withoutNetrc = await Assert.ThrowsAsync<SecretsKitException>(() => RemoteValueFile.FetchAsync(url, Env(home.Path), CancellationToken.None));

        Assert.Equal(Plain, Encoding.UTF8.GetString(content));
        Assert.Contains("HTTP 401", withoutNetrc.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_in_the_url_are_expanded_only_when_the_feature_flag_is_on()
    {
        await using var server = await FakeFileServer.StartAsync();
        var url = server.Put("/prod/values.yaml", Encoding.UTF8.GetBytes(Plain));
        using var home = new TempDir();
        var templated = url.Replace("/prod/", "/${STAGE}/", StringComparison.Ordinal);

        var expanded = await RemoteValueFile.FetchAsync(templated, Env(home.Path, ("STAGE", "prod"), ("HELM_SECRETS_URL_VARIABLE_EXPANSION", "true")), CancellationToken.None);
        var literal = await Assert.ThrowsAsync<SecretsKitException>(() => RemoteValueFile.FetchAsync(templated, Env(home.Path, ("STAGE", "prod")), CancellationToken.None));

        Assert.Equal(Plain, Encoding.UTF8.GetString(expanded));
        Assert.Contains("HTTP 404", literal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://u:p@host/x.yaml", "https://***@host/x.yaml")]
    [InlineData("secrets://https://u:p@host/x.yaml", "secrets://https://***@host/x.yaml")]
    [InlineData("https://host/a@b.yaml", "https://host/a@b.yaml")]
    public void Redact_hides_every_user_info_part(string url, string expected) => Assert.Equal(expected, RemoteValueFile.Redact(url));

    [Fact]
    public async Task Decryptor_fetches_remote_files_decrypts_encrypted_ones_into_the_dec_dir_and_leaves_plain_ones_to_helm()
    {
        await using var server = await FakeFileServer.StartAsync();
        using var dir = new TempDir();
        var encrypted = await TestSops.WriteEncryptedAsync(dir.File("secrets.yaml"), Plain);
        var secretUrl = server.Put("/secrets.yaml", File.ReadAllBytes(encrypted));
        var plainUrl = server.Put("/values.yaml", "replicas: 2\n"u8.ToArray());
        var decDir = Directory.CreateDirectory(dir.File("dec-dir")).FullName;
        var decryptor = new SecretValuesDecryptor(TestSops.Engine(dir.Path), DecryptOptions.Default, dir.Path);

        using (var files = await decryptor.DecryptAsync(["secrets://" + secretUrl, plainUrl, "secrets://" + plainUrl],
            new DecryptorSettings(TempParent: decDir, Remote: Env(dir.Path)), CancellationToken.None))
        {
            var target = files.Map("secrets://" + secretUrl)!;
            Assert.Equal(Plain, File.ReadAllText(target));
            Assert.Equal(decDir, Path.GetDirectoryName(files.TempDirectory));
            Assert.Equal(plainUrl, files.Map(plainUrl));
            Assert.Equal(plainUrl, files.Map("secrets://" + plainUrl));
        }

        Assert.Empty(Directory.GetFileSystemEntries(decDir));
    }

    [Fact]
    public async Task Without_remote_fetching_a_secrets_url_is_a_clear_error_and_a_plain_url_is_left_to_helm()
    {
        using var dir = new TempDir();
        var decryptor = new SecretValuesDecryptor(TestSops.Engine(dir.Path), DecryptOptions.Default, dir.Path);

        using var files = await decryptor.DecryptAsync(["https://example.invalid/values.yaml"], new DecryptorSettings(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<SecretsKitException>(() =>
            decryptor.DecryptAsync(["secrets://https://u:p@example.invalid/s.yaml"], new DecryptorSettings(), CancellationToken.None));

        var otherScheme = await Assert.ThrowsAsync<SecretsKitException>(() =>
            decryptor.DecryptAsync(["secrets://git+https://example.invalid/repo@s.yaml"], new DecryptorSettings(Remote: Env(dir.Path)), CancellationToken.None));

        Assert.Contains("only http(s) remote files", otherScheme.Message, StringComparison.Ordinal);
        Assert.Equal("https://example.invalid/values.yaml", files.Map("https://example.invalid/values.yaml"));
        Assert.Contains("https://***@example.invalid/s.yaml", error.Message, StringComparison.Ordinal);
    }
}
