using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>
/// <c>ref+…</c> through <c>secretskit helm</c>: <c>--set</c> refs travel in a private values file (never on helm's
/// argv), and the AWS SSM and Azure Key Vault backends resolve against their wire fakes from a real CLI process.
/// </summary>
public sealed class HelmRefTests
{
    private const string Secret = "set-ref-secret-5150";

    private static Dictionary<string, string?> Env(FakeHelm helm)
    {
        var env = helm.Environment();
        env["ARGOCD_APP_NAME"] = null;
        env["HELM_SECRETS_QUIET"] = null;
        return env;
    }

    [Fact]
    public async Task Set_refs_reach_helm_in_a_private_values_file_after_the_user_files_and_never_on_its_argv()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        dir.Write("values.yaml", "replicas: 2\n");
        var env = Env(helm);
        env["API_TOKEN"] = Secret;
        env["DB_PORT"] = "6432";
        var result = await CliRunner.RunAsync(new[]
        {
            "helm", "upgrade", "--install", "rel", "./chart", "-f", "values.yaml",
            "--set", "api.token=ref+env://API_TOKEN,replicas=3", "--set-string=db.port=ref+env://DB_PORT", "--wait",
        }, env, cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.DoesNotContain(call.Args, a => a.Contains(Secret, StringComparison.Ordinal));
        var generated = call.ValuePaths[1];
        Assert.Equal(new[] { "upgrade", "--install", "rel", "./chart", "-f", "values.yaml", "--set", "replicas=3", "--wait", "--values", generated }, call.Args);
        Assert.Equal($"\"api\":\n  \"token\": \"{Secret}\"\n\"db\":\n  \"port\": \"6432\"\n", call.ValueContents[1]);
        Assert.False(File.Exists(generated));
        Assert.False(Directory.Exists(Path.GetDirectoryName(generated)));
        Assert.Contains("Refs: 2 ref-valued --set item(s)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.StdoutText + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_set_ref_fails_with_exit_1_naming_the_ref_before_helm_runs()
    {
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        var result = await CliRunner.RunAsync(new[] { "helm", "template", "c", "--set", "a=ref+env://SK_TEST_NEVER_SET" }, Env(helm), cwd: dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ref+env://SK_TEST_NEVER_SET", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(helm.Invocations);
    }

    [Fact]
    public async Task Awsssm_refs_in_a_values_file_and_in_set_resolve_from_the_ssm_endpoint_and_a_missing_one_fails_naming_it()
    {
        await using var ssm = await FakeSsmServer.StartAsync("eu-west-2");
        ssm.ExpectCredentials("AKIDCLISSM", "cli/ssm/secret");
        ssm.PutParameter("/prod/api-token", Secret, "SecureString");
        ssm.PutParameter("/prod/db-password", "ssm-db-pw-2718", "SecureString");
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        dir.Write("values.yaml", "token: ref+awsssm:///prod/api-token\n");
        var env = Env(helm);
        env["AWS_REGION"] = "eu-west-2";
        env["AWS_ENDPOINT_URL_SSM"] = ssm.BaseAddress.ToString();
        env["AWS_ACCESS_KEY_ID"] = "AKIDCLISSM";
        env["AWS_SECRET_ACCESS_KEY"] = "cli/ssm/secret";
        env["AWS_EC2_METADATA_DISABLED"] = "true";
        var result = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml", "--set", "db.password=ref+awsssm://prod/db-password" }, env, cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var call = Assert.Single(helm.Invocations);
        Assert.Equal($"token: \"{Secret}\"\n", call.ValueContents[0]);
        Assert.Equal("\"db\":\n  \"password\": \"ssm-db-pw-2718\"\n", call.ValueContents[1]);
        Assert.DoesNotContain(call.Args, a => a.Contains("ssm-db-pw-2718", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, result.StdoutText + result.Stderr, StringComparison.Ordinal);

        dir.Write("values.yaml", "token: ref+awsssm:///prod/missing\n");
        var missing = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml" }, env, cwd: dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("ref+awsssm:///prod/missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Single(helm.Invocations);
    }

    [Fact]
    public async Task Azurekeyvault_refs_resolve_over_https_with_a_service_principal_and_a_missing_one_fails_naming_it()
    {
        await using var vault = await FakeAzureKeyVaultServer.StartAsync();
        vault.AddClient("cli-ref-client", "cli-ref-client-secret");
        vault.SetSecret("db-password", Secret);
        await using var proxy = ConnectProxy.Start(new Uri(vault.VaultUrl).Port);
        using var dir = new TempDir();
        using var helm = new FakeHelm();
        var caFile = dir.Write("test-ca.pem", vault.Authority.Certificate.ExportCertificatePem() + "\n");
        var host = new Uri(vault.VaultUrl).Authority;
        dir.Write("values.yaml", $"db:\n  password: ref+azurekeyvault://{host}/db-password\n");
        var env = Env(helm);
        env["AZURE_TENANT_ID"] = vault.TenantId;
        env["AZURE_CLIENT_ID"] = "cli-ref-client";
        env["AZURE_CLIENT_SECRET"] = "cli-ref-client-secret";
        env["AZURE_AUTHORITY_HOST"] = vault.AuthorityHost;
        env["HTTPS_PROXY"] = env["https_proxy"] = proxy.Address;
        env["NO_PROXY"] = env["no_proxy"] = null;
        env["SSL_CERT_FILE"] = caFile;
        var result = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml" }, env, cwd: dir.Path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"db:\n  password: \"{Secret}\"\n", Assert.Single(helm.Invocations).ValueContents[0]);
        Assert.Contains(proxy.Targets, t => t.StartsWith(FakeAzureKeyVaultServer.VaultHost, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, result.StdoutText + result.Stderr, StringComparison.Ordinal);

        dir.Write("values.yaml", $"db:\n  password: ref+azurekeyvault://{host}/gone\n");
        var missing = await CliRunner.RunAsync(new[] { "helm", "template", "c", "-f", "values.yaml" }, env, cwd: dir.Path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"ref+azurekeyvault://{host}/gone", missing.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cli-ref-client-secret", missing.Stderr, StringComparison.Ordinal);
    }
}
