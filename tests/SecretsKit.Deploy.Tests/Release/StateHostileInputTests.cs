using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Validation;
using SecretsKit.Testing.Common;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release;

/// <summary>
/// Issue #45 item 4: the release pipeline reads states, values and manifests within budgets. Each input here overflowed
/// the stack (killing the process), read forever, or grew past 900 MB before the bounded readers.
/// </summary>
public sealed class StateHostileInputTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new("sk-hostile-");

    public void Dispose() => _dir.Dispose();

    private Task<LoadedState> Load(string? file = null) => StateLoading.LoadAsync(_dir.Path, file ?? "helmfile.yaml.gotmpl");

    /// <summary>A billion-laughs document: each level holds ten aliases of the previous one (10^9 nodes once expanded).</summary>
    private static string AliasBomb(string indent)
    {
        var sb = new StringBuilder($"{indent}l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = "*l" + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = "l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sb.Append(indent).Append(name).Append(": &").Append(name).Append(" [").Append(string.Join(", ", Enumerable.Repeat(previous, 10))).Append("]\n");
        }
        return sb.ToString();
    }

    [Fact]
    public async Task An_alias_bomb_in_an_environments_values_file_is_refused_naming_the_file_before_it_is_expanded()
    {
        _dir.Write("bomb.yaml", AliasBomb(""));
        _dir.Write("helmfile.yaml.gotmpl", "environments:\n  default:\n    values: [bomb.yaml]\n---\nreleases: []\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load()).WaitAsync(Deadline));
        Assert.Contains("bomb.yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("aliases expand to more than 1,000,000 nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alias_bomb_inline_in_an_environments_values_is_refused_too()
    {
        _dir.Write("helmfile.yaml.gotmpl", "environments:\n  default:\n    values:\n    - bomb:\n" + AliasBomb("        ") + "---\nreleases: []\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load()).WaitAsync(Deadline));
        Assert.Contains("aliases expand to more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_zero_as_a_values_file_is_refused_at_the_size_limit_instead_of_being_read_forever()
    {
        _dir.Write("helmfile.yaml.gotmpl", "environments:\n  default:\n    values: [/dev/zero]\n---\nreleases: []\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load()).WaitAsync(Deadline));
        Assert.Equal("/dev/zero: larger than 16 MiB, not read", e.Message);
    }

    [Fact]
    public async Task Dev_zero_as_a_release_gotmpl_values_file_or_as_the_state_itself_is_refused_too()
    {
        File.CreateSymbolicLink(_dir.File("zero.yaml.gotmpl"), "/dev/zero");
        _dir.Write("helmfile.yaml.gotmpl", "releases:\n- name: a\n  chart: ./c\n  values: [zero.yaml.gotmpl]\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load()).WaitAsync(Deadline));
        Assert.Contains("larger than 16 MiB, not read", e.Message, StringComparison.Ordinal);
        var state = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load("zero.yaml.gotmpl")).WaitAsync(Deadline));
        Assert.Contains("larger than 16 MiB, not read", state.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public async Task A_100k_deep_state_file_is_an_error_naming_file_and_line_not_a_stack_overflow(string open, string close)
    {
        const int depth = 100_000;
        _dir.Write("helmfile.yaml", "values:\n- deep: " + string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth)) + "\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() => Task.Run(() => Load("helmfile.yaml")).WaitAsync(Deadline));
        Assert.Contains("helmfile.yaml:2: not valid YAML: the document nests deeper than 1,000 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100k_deep_document_given_to_the_parser_directly_is_an_error_too()
    {
        var text = "releases: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var e = Assert.Throws<SecretsKitException>(() => ReleaseFileParser.Parse(text, "deep.yaml"));
        Assert.Contains("deep.yaml:1: not valid YAML: the document nests deeper than 1,000 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100k_deep_values_document_is_an_error_not_a_stack_overflow()
    {
        var e = Assert.Throws<SecretsKitException>(() => StateValues.ParseYaml("a: " + new string('[', 100_000) + new string(']', 100_000), "deep-values.yaml"));
        Assert.Contains("deep-values.yaml:1: not valid YAML: the document nests deeper than 1,000 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_10000_deep_CRD_schema_given_to_validate_fails_alone_and_the_next_document_is_still_read()
    {
        var deep = new StringBuilder("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: deep.example.com}\nspec:\n  schema: ");
        for (var i = 0; i < 10_000; i++) deep.Append("{properties: {x: ");
        deep.Append("{type: string}").Append(new string('}', 20_000)).Append("\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n");
        var docs = RenderedDocument.Split(deep.ToString()).ToList();
        Assert.Equal(2, docs.Count);
        Assert.Null(docs[0].Root);
        Assert.Contains("the document nests deeper than 1,000 levels", docs[0].ParseError, StringComparison.Ordinal);
        Assert.NotNull(docs[1].Root);
    }
}
