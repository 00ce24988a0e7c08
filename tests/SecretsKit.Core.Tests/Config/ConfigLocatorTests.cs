using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Tests.Config;

public sealed class ConfigLocatorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Finds_config_upward_from_the_target_files_directory_not_the_working_directory()
    {
        var config = _tree.Write("repo/.sops.yaml", "creation_rules: []\n");
        var target = _tree.Write("repo/charts/app/secrets/values.yaml");
        var cwd = _tree.Dir("elsewhere");

        var location = new ConfigLocator(TempTree.Environment(cwd)).Locate(targetFile: target);

        Assert.Equal(config, location.Path);
        Assert.Equal(ConfigSource.TargetDirectory, location.Source);
        Assert.Contains(config, location.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Nearest_config_above_the_target_wins_over_one_higher_up_and_over_the_cwd()
    {
        _tree.Write("repo/.sops.yaml");
        var inner = _tree.Write("repo/team/.sops.yaml");
        var cwdConfig = _tree.Write("cwd/.sops.yaml");
        var target = _tree.Write("repo/team/env/values.yaml");

        var location = new ConfigLocator(TempTree.Environment(Path.GetDirectoryName(cwdConfig)!)).Locate(targetFile: target);

        Assert.Equal(inner, location.Path);
    }

    [Fact]
    public void Relative_target_is_resolved_against_the_working_directory()
    {
        var config = _tree.Write("repo/.sops.yaml");
        _tree.Write("repo/sub/f.yaml");

        var location = new ConfigLocator(TempTree.Environment(_tree.PathOf("repo/sub"))).Locate(targetFile: "f.yaml");

        Assert.Equal(config, location.Path);
    }

    [Fact]
    public void Falls_back_to_searching_from_the_working_directory()
    {
        var config = _tree.Write("cwd/.sops.yaml");
        var cwd = _tree.Dir("cwd/deeper");
        var target = _tree.Write("files/f.yaml");

        var withTarget = new ConfigLocator(TempTree.Environment(cwd)).Locate(targetFile: target);
        var stdin = new ConfigLocator(TempTree.Environment(cwd)).Locate();

        Assert.Equal(config, withTarget.Path);
        Assert.Equal(ConfigSource.WorkingDirectory, withTarget.Source);
        Assert.Equal(config, stdin.Path);
    }

    [Fact]
    public void SOPS_CONFIG_overrides_the_search_and_is_resolved_against_the_cwd()
    {
        _tree.Write("repo/.sops.yaml");
        var chosen = _tree.Write("conf/custom.yaml");
        var target = _tree.Write("repo/f.yaml");
        var env = TempTree.Environment(_tree.Root, ("SOPS_CONFIG", "conf/custom.yaml"));

        var location = new ConfigLocator(env).Locate(targetFile: target);

        Assert.Equal(chosen, location.Path);
        Assert.Equal(ConfigSource.EnvironmentVariable, location.Source);
    }

    [Fact]
    public void Explicit_config_overrides_SOPS_CONFIG_and_the_search()
    {
        _tree.Write("repo/.sops.yaml");
        var fromEnv = _tree.Write("env.yaml");
        var explicitPath = _tree.Write("explicit.yaml");
        var env = TempTree.Environment(_tree.Root, ("SOPS_CONFIG", fromEnv));

        var location = new ConfigLocator(env).Locate(explicitPath, _tree.Write("repo/f.yaml"));

        Assert.Equal(explicitPath, location.Path);
        Assert.Equal(ConfigSource.CommandLine, location.Source);
    }

    [Fact]
    public void Missing_explicit_config_is_an_exit_1_error_naming_the_path()
    {
        var locator = new ConfigLocator(TempTree.Environment(_tree.Root));

        var e = Assert.Throws<SecretsKitException>(() => locator.Locate("nope.yaml"));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains(_tree.PathOf("nope.yaml"), e.Message, StringComparison.Ordinal);
        Assert.Contains("--config", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sops_yml_is_not_used_but_reported()
    {
        var yml = _tree.Write("repo/.sops.yml");
        var target = _tree.Write("repo/f.yaml");

        var location = new ConfigLocator(TempTree.Environment(_tree.Dir("repo"))).Locate(targetFile: target);

        Assert.False(location.Found);
        Assert.Equal(ConfigSource.None, location.Source);
        Assert.Contains(yml, location.Warning, StringComparison.Ordinal);
        Assert.Contains("must be called .sops.yaml", location.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Sops_yml_below_a_sops_yaml_is_skipped_with_a_warning()
    {
        var yaml = _tree.Write("repo/.sops.yaml");
        var yml = _tree.Write("repo/app/.sops.yml");
        var target = _tree.Write("repo/app/f.yaml");

        var location = new ConfigLocator(TempTree.Environment(_tree.Root)).Locate(targetFile: target);

        Assert.Equal(yaml, location.Path);
        Assert.Contains($"ignoring {yml}", location.Warning, StringComparison.Ordinal);
        Assert.Contains($"using {yaml}", location.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Located_config_loads_and_matches_relative_to_its_own_directory()
    {
        _tree.Write("repo/.sops.yaml", "creation_rules:\n  - path_regex: ^env/prod/\n    pgp: AAAA\n  - age: age1dev\n");
        var target = _tree.Write("repo/env/prod/values.yaml");
        var cwd = _tree.Dir("repo/env");

        var location = new ConfigLocator(TempTree.Environment(cwd)).Locate(targetFile: "prod/values.yaml");
        var config = await SopsConfigParser.LoadAsync(location.Path!);
        var match = config.MatchCreationRule("prod/values.yaml", cwd)!;

        Assert.Equal(0, match.Rule.Index);
        Assert.Equal("env/prod/values.yaml", match.MatchedPath);
        Assert.True(File.Exists(target));
    }

    [Fact]
    public async Task A_fifo_named_sops_yaml_found_by_the_search_is_refused_at_once_instead_of_blocking()
    {
        var dir = _tree.Dir("repo");
        var fifo = Path.Combine(dir, ConfigLocator.FileName);
        using (var mk = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mk.WaitForExitAsync();
        var target = _tree.Write("repo/values.yaml");

        // a blocking open of a FIFO with no writer never returns: the search runs on a pool thread with a deadline
        var locate = Task.Run(() => new ConfigLocator(TempTree.Environment(dir)).Locate(targetFile: target));
        Assert.Same(locate, await Task.WhenAny(locate, Task.Delay(TimeSpan.FromSeconds(20))));
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => locate);

        Assert.Equal($"config file {fifo}: a FIFO, socket or terminal, not read", e.Message);
    }
}
