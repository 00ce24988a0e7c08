using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// The key-import getter schemes with the real helm: the key comes from a file (gpg) or from a Kubernetes Secret read
/// with the caller's kubeconfig (here: the wire-level fake API server over HTTPS with a bearer token).
/// </summary>
public sealed class KeyImportSchemeTests
{
    private static readonly Dictionary<string, string?> NoKeys = new() { ["SOPS_AGE_KEY_FILE"] = null };

    [Fact]
    public async Task Age_import_kubernetes_reads_the_key_from_a_secret_with_the_callers_kubeconfig()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        await using var api = await FakeKubeApiServer.StartAsync(https: true);
        api.AcceptToken("t0ken");
        api.Create(FakeResourceType.Secret, "argocd", Secret("sops-age", "keys.txt", File.ReadAllBytes(TestKeys.AgeIdentityFile)));
        var env = new Dictionary<string, string?>(NoKeys) { ["KUBECONFIG"] = api.WriteKubeconfig(sandbox.Dir.File("kubeconfig"), "t0ken", ns: "argocd") };

        var withNamespace = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets+age-import-kubernetes://argocd/sops-age#keys.txt?secrets.yaml"], env);
        var defaultNamespace = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets+age-import-kubernetes://sops-age#keys.txt?secrets.yaml"], env);
        var missing = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets+age-import-kubernetes://argocd/nope#keys.txt?secrets.yaml"], env);

        var reference = await sandbox.PlainRenderAsync();
        Assert.True(withNamespace.ExitCode == 0, withNamespace.Stderr);
        Assert.Equal(reference, withNamespace.StdoutText);
        Assert.True(defaultNamespace.ExitCode == 0, defaultNamespace.Stderr);
        Assert.Equal(reference, defaultNamespace.StdoutText);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Secret argocd/nope not found", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AGE-SECRET-KEY", withNamespace.Stderr + missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gpg_import_schemes_decrypt_with_a_throwaway_keyring_from_a_file_or_a_secret()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync("helm-secrets-plugin");
        using (var gnupg = await GnupgHome.CreateAsync())
        {
            var pgpFile = sandbox.Dir.Write("pgp-secrets.yaml", HelmPluginSandbox.Plain);
            var enc = await CliRunner.RunAsync(["encrypt", "-i", "--pgp", GnupgHome.Key1, pgpFile], gnupg.Env());
            Assert.True(enc.ExitCode == 0, enc.Stderr);
        }
        var keyFile = SharedFixtures.PathOf("pgp-functional-tests-keys.asc");
        await using var api = await FakeKubeApiServer.StartAsync(https: true);
        api.AcceptToken("t0ken");
        api.Create(FakeResourceType.Secret, "default", Secret("gpg-keys", "key.asc", File.ReadAllBytes(keyFile)));
        var env = new Dictionary<string, string?>(NoKeys) { ["KUBECONFIG"] = api.WriteKubeconfig(sandbox.Dir.File("kubeconfig"), "t0ken") };

        var withoutKey = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets://pgp-secrets.yaml"], env);
        var fromFile = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", $"secrets+gpg-import://{keyFile}?pgp-secrets.yaml"], env);
        var fromSecret = await sandbox.RunAsync(["template", "rel", sandbox.Chart, "-f", "secrets+gpg-import-kubernetes://gpg-keys#key.asc?pgp-secrets.yaml"], env);

        var reference = await sandbox.PlainRenderAsync();
        Assert.NotEqual(0, withoutKey.ExitCode);
        Assert.True(fromFile.ExitCode == 0, fromFile.Stderr);
        Assert.Equal(reference, fromFile.StdoutText);
        Assert.True(fromSecret.ExitCode == 0, fromSecret.Stderr);
        Assert.Equal(reference, fromSecret.StdoutText);
    }

    private static JsonObject Secret(string name, string key, byte[] value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(value) },
    };
}
