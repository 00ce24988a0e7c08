using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Startup;

/// <summary>
/// What a cold run loads: an age-only decrypt must not load any cloud SDK (AWS, Azure, MSAL, Google) nor the agent's or
/// deploy pipeline's assemblies; their start-up cost belongs only to runs that use a key or command of theirs. Checked on
/// the real <c>secretskit</c> process through <see cref="StartupHook"/>.
/// </summary>
public sealed class AssemblyLoadTests
{
    private static readonly string[] CloudSdkPrefixes = ["AWSSDK", "Azure", "Microsoft.Identity", "Google"];

    [Fact]
    public async Task Age_only_decrypt_loads_no_cloud_sdk_assembly()
    {
        var loaded = await LoadedByAsync(["decrypt", Path.Combine(SharedFixtures.RepositoryRoot, "examples", "pipeline", "secrets", "dev", "secrets.yaml")]);

        Assert.Contains("SecretsKit.Core", loaded);
        Assert.DoesNotContain(loaded, name => CloudSdkPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
        Assert.DoesNotContain("SecretsKit.Deploy", loaded);
        Assert.DoesNotContain("SecretsKit.Kubernetes", loaded);
    }

    [Fact]
    public async Task An_aws_kms_key_loads_the_aws_sdk_so_the_hook_sees_sdk_loads()
    {
        // The control for the test above: encrypting for an AWS KMS key (unreachable here, so the run fails) loads the
        // AWS SDK, and the hook records it.
        using var dir = new TempDir("sk-loads-");
        var plain = dir.Write("plain.yaml", "password: loads-test\n");
        var loaded = await LoadedByAsync(["encrypt", "--kms", "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000", plain],
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["AWS_ENDPOINT_URL_KMS"] = "http://127.0.0.1:9",
                ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
                ["AWS_SECRET_ACCESS_KEY"] = "example-secret",
                ["AWS_REGION"] = "us-east-1",
                ["AWS_MAX_ATTEMPTS"] = "1",
            });

        Assert.Contains(loaded, name => name.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> LoadedByAsync(string[] args, IDictionary<string, string?>? extra = null)
    {
        using var dir = new TempDir("sk-loads-");
        var output = dir.File("loaded.txt");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(AssemblyLoadTests).Assembly.Location,
            ["SECRETSKIT_TEST_LOADED_ASSEMBLIES"] = output,
            ["SOPS_AGE_KEY_FILE"] = SharedFixtures.AllExampleKeys,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        var run = await CliRunner.RunAsync(args, env);
        Assert.True(File.Exists(output), "the startup hook wrote nothing; exit " + run.ExitCode + ": " + run.Stderr);
        return await File.ReadAllLinesAsync(output);
    }
}
