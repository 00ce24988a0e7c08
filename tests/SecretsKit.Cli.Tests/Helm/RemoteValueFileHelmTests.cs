using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// Remote value files and <c>HELM_SECRETS_DEC_DIR</c> with the real helm and the <c>secrets</c> plugin: an encrypted
/// file behind HTTP basic auth (credentials in the URL, never printed) renders like the plaintext.
/// </summary>
public sealed class RemoteValueFileHelmTests
{
    private const string User = "ci-reader";
    private const string Password = "remote-pa55-x";

    private static async Task<(FakeFileServer Server, string Url)> ServeAsync(HelmPluginSandbox sandbox)
    {
        var server = await FakeFileServer.StartAsync();
        server.RequireBasicAuth = $"{User}:{Password}";
        var url = server.Put("/config/secrets.yaml", File.ReadAllBytes(sandbox.SecretsFile));
        return (server, url.Replace("http://", $"http://{User}:{Password}@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Helm_template_with_a_secrets_url_to_a_remote_encrypted_file_renders_the_plaintext()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var (server, url) = await ServeAsync(sandbox);
        await using var _ = server;

        var run = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://" + url]);
        var denied = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://" + url.Replace(Password, "wrong-pw", StringComparison.Ordinal)]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("HTTP 401", denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Stderr + denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrapper_decrypts_a_remote_file_into_HELM_SECRETS_DEC_DIR_and_leaves_it_empty()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var (server, url) = await ServeAsync(sandbox);
        await using var _ = server;
        var decDir = Directory.CreateDirectory(sandbox.Dir.File("dec-dir")).FullName;

        var run = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", url], new Dictionary<string, string?> { ["HELM_SECRETS_DEC_DIR"] = decDir });
        var missing = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "-f", "secrets.yaml"],
            new Dictionary<string, string?> { ["HELM_SECRETS_DEC_DIR"] = sandbox.Dir.File("no-such-dir") });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(await sandbox.PlainRenderAsync(), run.StdoutText);
        Assert.Empty(Directory.GetFileSystemEntries(decDir));
        Assert.DoesNotContain(Password, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no-such-dir does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_secrets_decrypt_of_a_url_prints_the_plaintext_and_errors_name_the_url_not_a_temp_file()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        var (server, url) = await ServeAsync(sandbox);
        await using var _ = server;
        var plainUrl = server.Put("/config/plain.yaml", File.ReadAllBytes(sandbox.Dir.File("plain.yaml")))
            .Replace("http://", $"http://{User}:{Password}@", StringComparison.Ordinal);

        var run = await sandbox.RunAsync(["secrets", "decrypt", url]);
        var noKey = await sandbox.RunAsync(["secrets", "decrypt", url], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = sandbox.Dir.File("no-keys.txt") });
        var plain = await sandbox.RunAsync(["secrets", "decrypt", plainUrl]);
        var inPlace = await sandbox.RunAsync(["secrets", "decrypt", "-i", url]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, run.StdoutText);
        Assert.NotEqual(0, noKey.ExitCode);
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("File is not encrypted: http://***@127.0.0.1", plain.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, inPlace.ExitCode);
        foreach (var failed in new[] { noKey, plain, inPlace })
        {
            Assert.DoesNotContain("secretskit-remote-", failed.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, failed.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Wrapper_names_a_missing_plain_url_as_missing_and_a_missing_secrets_url_as_a_failed_download_as_helm_secrets_does()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        await using var server = await FakeFileServer.StartAsync();
        var missing = new Uri(server.BaseAddress, "/config/404.yaml").ToString();

        var plain = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "--set-file", "podAnnotations.fromFile=" + missing]);
        var viaGetter = await sandbox.RunAsync(["secrets", "template", "rel", sandbox.Chart, "--set-file", "podAnnotations.fromFile=secrets://" + missing]);

        Assert.NotEqual(0, plain.ExitCode);
        Assert.Contains("[helm-secrets] File does not exist: " + missing, plain.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, viaGetter.ExitCode);
        Assert.Contains("[helm-secrets] Error while download url " + missing, viaGetter.Stderr, StringComparison.Ordinal);
        Assert.Contains("404", viaGetter.Stderr, StringComparison.Ordinal);
    }
}
