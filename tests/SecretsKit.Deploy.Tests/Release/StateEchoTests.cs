using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// Findings of <c>StateFuzzTests</c>: a huge scalar in a state was echoed whole (a 1 MB <c>helmDefaults.wait</c> made a
/// 1 MB error), and a release name picked the file name of its rendered values (a 20,000-character name ended in
/// <c>unexpected PathTooLongException</c>; <c>../</c> would leave the private directory). Now the echo is bounded and
/// the file name is the name's safe characters, at most 100 of them, inside the private directory.
/// </summary>
public sealed class StateEchoTests
{
    [Fact]
    public async Task A_huge_non_boolean_is_quoted_to_about_80_characters()
    {
        using var dir = new TempDir("sk-state-echo-");
        dir.Write("helmfile.yaml", "helmDefaults:\n  wait: " + new string('a', 1_000_000) + "\nreleases: []\n");

        var e = await Assert.ThrowsAsync<SecretsKitException>(() => StateLoading.LoadAsync(dir.Path, "helmfile.yaml"));

        Assert.Contains("wait must be true or false (got 'aaaa", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Message.Length, 1, 300);
    }

    [Theory]
    [InlineData(20_000, "x")]
    [InlineData(1, "../../../escaped")]
    public async Task A_release_name_never_picks_a_path_outside_the_private_directory_or_past_the_name_limit(int repeat, string part)
    {
        using var dir = new TempDir("sk-state-echo-");
        var name = string.Concat(Enumerable.Repeat(part, repeat));
        dir.Write("helmfile.yaml", $"releases:\n  - name: \"{name}\"\n    chart: ./c\n    values:\n      - a: 1\n");

        using var state = await StateLoading.LoadAsync(dir.Path, "helmfile.yaml");

        var file = Assert.Single(Assert.Single(state.File.Releases).Values);
        Assert.Equal(state.PrivateDirectory, Path.GetDirectoryName(file));
        Assert.True(File.Exists(file));
        Assert.InRange(Path.GetFileName(file).Length, 1, 110);
    }
}
