using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Tests.Helm;

public sealed class SetRefRewriterTests
{
    private static RefResolver Resolver(Dictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["TOKEN"] = "tok-secret-1", ["PORT"] = "5432", ["ZIP"] = "0123", ["ON"] = "true" };
        foreach (var (k, v) in extra ?? new()) env[k] = v;
        return new RefResolver(new Dictionary<string, IRefBackend> { ["env"] = new EnvRefBackend(new MapEnvironment(env, "/", "/")) });
    }

    [Fact]
    public async Task Ref_items_move_to_a_private_values_file_passed_last_and_literal_items_stay_byte_identical()
    {
        var args = new[] { "upgrade", "rel", "c", "-f", "a.yaml", "--set", "replicas=2,api.token=ref+env://TOKEN,x=\\,y", "--set=db\\.port=ref+env://PORT", "--wait" };
        string file;
        using (var result = await SetRefRewriter.RewriteAsync(args, Resolver(), CancellationToken.None))
        {
            file = result.ValuesFile!;
            Assert.Equal(new[] { "upgrade", "rel", "c", "-f", "a.yaml", "--set", "replicas=2,x=\\,y", "--wait", "--values", file }, result.Arguments);
            Assert.Equal(2, result.MovedCount);
            Assert.Equal("api:\n  \"token\": \"tok-secret-1\"\n\"db.port\": 5432\n".Replace("api:", "\"api\":", StringComparison.Ordinal), File.ReadAllText(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain(result.Arguments, a => a.Contains("tok-secret-1", StringComparison.Ordinal));
        }
        Assert.False(File.Exists(file));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    [Fact]
    public async Task Set_string_keeps_strings_and_set_types_values_as_helm_does()
    {
        var args = new[] { "template", "c", "--set-string", "a=ref+env://PORT", "--set", "b=ref+env://PORT,c=ref+env://ZIP,d=ref+env://ON", "--set-string=e=ref+env://ON" };
        using var result = await SetRefRewriter.RewriteAsync(args, Resolver(), CancellationToken.None);
        Assert.Equal(new[] { "template", "c", "--values", result.ValuesFile! }, result.Arguments);
        Assert.Equal("\"a\": \"5432\"\n\"b\": 5432\n\"c\": \"0123\"\n\"d\": true\n\"e\": \"true\"\n", File.ReadAllText(result.ValuesFile!));
    }

    [Fact]
    public async Task List_indexes_build_lists_padded_with_nulls_and_arguments_after_double_dash_are_untouched()
    {
        var args = new[] { "template", "c", "--set", "env[1].value=ref+env://TOKEN,env[1].name=API", "--", "--set", "z=ref+env://TOKEN" };
        using var result = await SetRefRewriter.RewriteAsync(args, Resolver(), CancellationToken.None);
        Assert.Equal(new[] { "template", "c", "--set", "env[1].name=API", "--values", result.ValuesFile!, "--", "--set", "z=ref+env://TOKEN" }, result.Arguments);
        Assert.Equal("\"env\":\n- null\n- \"value\": \"tok-secret-1\"\n", File.ReadAllText(result.ValuesFile!));
    }

    [Fact]
    public async Task An_earlier_literal_for_the_same_key_is_dropped_and_a_later_one_still_wins()
    {
        var args = new[] { "template", "c", "--set", "a=literal-before", "--set", "a=ref+env://TOKEN,b=ref+env://TOKEN", "--set", "b=literal-after" };
        using var result = await SetRefRewriter.RewriteAsync(args, Resolver(), CancellationToken.None);
        Assert.Equal(new[] { "template", "c", "--set", "b=literal-after", "--values", result.ValuesFile! }, result.Arguments);
    }

    [Fact]
    public async Task Arguments_without_refs_are_returned_as_they_are_with_no_file()
    {
        var args = new[] { "template", "c", "--set", "a=b,c=not-a-ref+x", "--set-file", "k=ref+env://TOKEN" };
        using var result = await SetRefRewriter.RewriteAsync(args, Resolver(), CancellationToken.None);
        Assert.Same(args, result.Arguments);
        Assert.Null(result.ValuesFile);
    }

    [Fact]
    public async Task A_missing_ref_is_an_error_naming_the_ref_and_leaves_no_file()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "secretskit-set-*").Length;
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            SetRefRewriter.RewriteAsync(new[] { "template", "c", "--set", "a=ref+env://NOT_SET_ANYWHERE" }, Resolver(), CancellationToken.None));
        Assert.Contains("ref+env://NOT_SET_ANYWHERE", e.Message, StringComparison.Ordinal);
        Assert.True(Directory.GetDirectories(Path.GetTempPath(), "secretskit-set-*").Length <= before);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("[0]")]
    [InlineData("a[x]")]
    [InlineData("a.")]
    public async Task A_key_path_that_cannot_be_expressed_is_an_error_naming_the_key(string key)
    {
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            SetRefRewriter.RewriteAsync(new[] { "template", "c", "--set", key + "=ref+env://TOKEN" }, Resolver(), CancellationToken.None));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret-1", e.Message, StringComparison.Ordinal);
    }
}
