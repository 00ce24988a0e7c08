using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Yaml;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>The readers' one budget: alias expansion as yaml.v3 limits it, sops' depth of 10,000, refused before any key is asked.</summary>
public sealed class DocumentBudgetTests
{
    private const string CopiedMetadata = "sops:\n    age:\n        - recipient: age1qqqq\n          enc: x\n    lastmodified: \"2026-01-01T00:00:00Z\"\n    mac: ENC[AES256_GCM,data:x,iv:x,tag:x,type:str]\n    version: 3.13.0\n";

    /// <summary>Runs <paramref name="read"/> and returns its error and the bytes this thread allocated meanwhile.</summary>
    private static (SecretsKitException Error, long Allocated) Refused(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsAny<SecretsKitException>(read);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Billion_laughs_in_a_plaintext_is_refused_as_excessive_aliasing_within_100_MB()
    {
        var input = Encoding.UTF8.GetBytes(HostileDocuments.BillionLaughs());
        Assert.True(input.Length < 500);

        var (error, allocated) = Refused(() => new YamlFormat().ParsePlain(input));

        Assert.Equal(ExitCodes.CouldNotReadInputFile, error.ExitCode);
        Assert.Contains("document contains excessive aliasing", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 100L << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Billion_laughs_next_to_a_copied_sops_block_is_refused_before_the_metadata_is_read()
    {
        var input = Encoding.UTF8.GetBytes(HostileDocuments.BillionLaughs("lol0_unencrypted") + CopiedMetadata);

        var (error, allocated) = Refused(() => new YamlFormat().ParseEncrypted(input));

        Assert.Contains("document contains excessive aliasing", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 100L << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Ordinary_anchors_and_aliases_are_still_expanded()
    {
        var yaml = "base: &b {user: app, port: 5432}\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"copy{i}: *b\n"));

        var tree = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(yaml));

        Assert.Equal(201, tree.Branches[0].Items.Count);
    }

    [Fact]
    public void Alias_ratio_follows_yaml_v3_from_99_percent_down_to_10_percent()
    {
        Assert.Equal(0.99, DocumentBudget.AllowedAliasRatio(1_000));
        Assert.Equal(0.99, DocumentBudget.AllowedAliasRatio(400_000));
        Assert.Equal(0.545, DocumentBudget.AllowedAliasRatio(2_200_000), 6);
        Assert.Equal(0.10, DocumentBudget.AllowedAliasRatio(4_000_000));
        Assert.Equal(0.10, DocumentBudget.AllowedAliasRatio(40_000_000));
    }

    [Fact]
    public void Yaml_nesting_of_10000_levels_reads_and_10001_is_refused_as_sops_does()
    {
        OnLargeStack(() => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(HostileDocuments.DeepYaml(10_000))));

        var error = OnLargeStack(() => Assert.ThrowsAny<SecretsKitException>(
            () => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(HostileDocuments.DeepYaml(10_001)))));
        Assert.Contains("exceeded max depth of 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_nesting_of_10000_levels_reads_and_10001_is_refused_as_sops_does()
    {
        OnLargeStack(() => new JsonFormat().ParsePlain(Encoding.UTF8.GetBytes(HostileDocuments.DeepJson(10_000))));

        var error = OnLargeStack(() => Assert.ThrowsAny<SecretsKitException>(
            () => new JsonFormat().ParsePlain(Encoding.UTF8.GetBytes(HostileDocuments.DeepJson(10_001)))));
        Assert.Contains("exceeded max depth of 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_on_a_small_stack_is_refused_with_a_message_not_a_crash()
    {
        var error = OnStack(256 * 1024, () => Assert.ThrowsAny<SecretsKitException>(
            () => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(HostileDocuments.DeepYaml(9_000)))));
        Assert.Contains("more than this thread's stack can read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_file_with_two_sops_keys_is_refused()
    {
        var json = "{\"a\": \"ENC[AES256_GCM,data:x,iv:x,tag:x,type:str]\", \"sops\": {\"version\": \"3.13.0\"}, \"sops\": {\"version\": \"3.13.0\"}}";

        var error = Assert.ThrowsAny<SecretsKitException>(() => new JsonFormat().ParseEncrypted(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("more than one top-level \"sops\" key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_file_with_two_sops_keys_is_refused()
    {
        var yaml = "a: 1\n" + CopiedMetadata + CopiedMetadata;

        var error = Assert.ThrowsAny<SecretsKitException>(() => new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes(yaml)));

        Assert.Contains("mapping key \"sops\" already defined", error.Message, StringComparison.Ordinal);
    }

    private static void OnLargeStack(Action action) => OnStack(64 << 20, () => { action(); return 0; });

    private static T OnLargeStack<T>(Func<T> action) => OnStack(64 << 20, action);

    private static T OnStack<T>(int stackSize, Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, stackSize);
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("the action failed", failure);
        return result;
    }
}
