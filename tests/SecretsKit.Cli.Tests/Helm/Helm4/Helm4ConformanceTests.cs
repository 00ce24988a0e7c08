using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// Positive control for <see cref="Helm4Loader"/> and <see cref="Helm4Invoker"/>: helm-secrets 4.7.7's own three Helm 4
/// plugins (fetched by tests/peers/helm4-conformance.sh into an ignored folder, never copied into this repository)
/// pass the same loader rules, and its getter, run the way Helm 4 runs a getter with SecretsKit as its <c>sops</c>,
/// decrypts. Skipped unless that script names the folder in <c>SECRETSKIT_HELM4_CONFORMANCE_DIR</c>.
/// </summary>
public sealed class Helm4ConformanceTests
{
    public const string Variable = "SECRETSKIT_HELM4_CONFORMANCE_DIR";

    private static string Plugins => Environment.GetEnvironmentVariable(Variable)!;

    [ConformanceFact]
    public void Helm_secrets_own_three_helm4_manifests_load_by_helm_4_2_rules_and_their_commands_resolve()
    {
        var loaded = Helm4Loader.LoadAll(Plugins).ToDictionary(p => p.Name);

        Assert.Equal(new Dictionary<string, string>
        {
            ["secrets"] = "cli/v1", ["secrets-getter"] = "getter/v1", ["secrets-post-renderer"] = "postrenderer/v1",
        }, loaded.ToDictionary(p => p.Key, p => p.Value.Type));
        Assert.Equal("secrets", loaded["secrets"].CommandName);
        Assert.Equal(6, loaded["secrets-getter"].Protocols.Count);
        var env = new Dictionary<string, string?> { ["HELM_PLUGIN_DIR"] = loaded["secrets"].Directory };
        var (cli, _) = Helm4Invoker.Prepare(loaded["secrets"].PlatformCommand, true, [], env);
        Assert.True(File.Exists(cli), cli);
        var getter = loaded["secrets-getter"];
        var (command, args) = Helm4Invoker.Prepare(getter.ProtocolCommands[0].PlatformCommand, false, [], env);
        Assert.True(File.Exists(Helm4Invoker.GoJoin(getter.Directory, command)), command);
        Assert.Equal(["downloader"], args);
    }

    [ConformanceFact]
    public async Task Helm_secrets_own_getter_decrypts_when_run_as_helm_4_runs_a_getter_with_secretskit_as_sops()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        File.CreateSymbolicLink(Path.Combine(sandbox.Helm.BinDirectory, "sops"), Path.Combine(sandbox.Helm.BinDirectory, "secretskit"));
        var getter = Helm4Loader.LoadAll(Plugins).Single(p => p.Name == "secrets-getter");

        var run = await Helm4Invoker.RunGetterAsync(getter, "secrets://secrets.yaml", sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(HelmPluginSandbox.Plain, run.StdoutText);
    }

    [ConformanceFact]
    public async Task Helm_secrets_own_cli_plugin_answers_its_version_when_run_as_helm_4_runs_a_cli_plugin()
    {
        using var sandbox = await HelmPluginSandbox.CreateAsync();
        var cli = Helm4Loader.LoadAll(Plugins).Single(p => p.Name == "secrets");

        var run = await Helm4Invoker.RunCliAsync(cli, ["--version"], sandbox.Environment(), sandbox.Dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("4.7.7", run.StdoutText, StringComparison.Ordinal);
    }

    /// <summary>A fact that runs only under tests/peers/helm4-conformance.sh.</summary>
    private sealed class ConformanceFactAttribute : FactAttribute
    {
        public ConformanceFactAttribute()
        {
            if (Environment.GetEnvironmentVariable(Variable) is null) Skip = $"run tests/peers/helm4-conformance.sh (sets {Variable})";
        }
    }
}
