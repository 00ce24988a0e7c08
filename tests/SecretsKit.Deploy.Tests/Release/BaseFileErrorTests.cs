using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>An error or warning about a key written in a <c>bases:</c> file names that file and its line, not the state that lists it.</summary>
public sealed class BaseFileErrorTests : IDisposable
{
    private readonly TempDir _dir = new("sk-bases-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_typo_in_a_base_file_is_reported_at_the_base_file_and_its_line()
    {
        _dir.Write("bases/helmdefaults-typo.yaml", "# shared defaults\n\nhelmDefaults:\n  wait: true\n  kubeContxt: prod\n");
        _dir.Write("helmfile-typo3.yaml", "bases:\n  - bases/helmdefaults-typo.yaml\nreleases:\n  - {name: web, chart: ./c}\n");

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => StateLoading.LoadAsync(_dir.Path, "helmfile-typo3.yaml"));

        Assert.StartsWith("bases/helmdefaults-typo.yaml:5: unknown key 'kubeContxt' in helmDefaults", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("values", "values")]
    [InlineData("secrets", "secrets")]
    public async Task A_missing_file_a_base_lists_in_an_environment_is_reported_at_the_base_file_and_its_line(string key, string kind)
    {
        _dir.Write("bases/environments.yaml", $"# the environments\nenvironments:\n  dev:\n    {key}:\n      - env/dev/missing.yaml\n      - env/dev/present.yaml\n");
        _dir.Write("env/dev/present.yaml", "a: 1\n");
        _dir.Write("helmfile.yaml", "bases:\n  - bases/environments.yaml\nreleases:\n  - {name: web, chart: ./c}\n");

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => StateLoading.LoadAsync(_dir.Path, "helmfile.yaml", environment: "dev"));

        Assert.Contains($"bases/environments.yaml:5: environments.dev{(key == "secrets" ? " secrets" : "")}: {kind} file env/dev/missing.yaml does not exist", e.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("helmfile.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warning_about_a_base_files_key_names_the_base_file_and_the_main_files_own_keys_keep_their_name()
    {
        _dir.Write("base.yaml", "helmDefaults:\n  verify: true\n");
        _dir.Write("helmfile.yaml", "bases: [base.yaml]\nreleases:\n  - name: web\n    chart: ./c\n    kubeContxt: x\n");
        var warnings = new List<string>();

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => StateLoading.LoadAsync(_dir.Path, "helmfile.yaml", warnings: warnings));

        Assert.StartsWith("helmfile.yaml:5: unknown key 'kubeContxt'", e.Message, StringComparison.Ordinal);
        _dir.Write("helmfile.yaml", "bases: [base.yaml]\nreleases:\n  - name: web\n    chart: ./c\n");
        using var loaded = await StateLoading.LoadAsync(_dir.Path, "helmfile.yaml", warnings: warnings);
        Assert.Contains(warnings, w => w.StartsWith("base.yaml:2: helmfile's key 'verify' in helmDefaults is ignored", StringComparison.Ordinal));
    }
}
