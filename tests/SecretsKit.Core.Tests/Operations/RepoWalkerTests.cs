using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;

namespace SecretsKit.Core.Tests.Operations;

public sealed class RepoWalkerTests
{
    [Fact]
    public void Find_files_skips_git_bin_obj_and_node_modules()
    {
        using var dir = new TempDir();
        foreach (var f in new[] { "a.yaml", "sub/b.yaml", ".git/c.yaml", "bin/d.yaml", "obj/e.yaml", "x/node_modules/f.yaml" }) dir.Write(f, "k: v\n");

        var found = RepoWalker.FindFiles(dir.Path).Select(f => Path.GetRelativePath(dir.Path, f)).ToList();

        Assert.Equal(new[] { "a.yaml", "sub/b.yaml" }, found);
    }

    [Fact]
    public async Task One_failing_file_is_reported_and_the_others_still_run()
    {
        var files = Enumerable.Range(0, 20).Select(i => $"f{i}").ToList();
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();

        var summary = await RepoWalker.RunAsync(files, (f, _) =>
        {
            seen.Add(f);
            if (f == "f7") throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey, "no key");
            return Task.FromResult(f == "f3" ? RepoFileOutcome.Unchanged : RepoFileOutcome.Updated);
        });

        Assert.Equal(20, seen.Count);
        Assert.Equal("18 updated, 1 unchanged, 1 failed", summary.ToString());
        Assert.Equal(new RepoRunSummary.Failure("f7", "no key"), Assert.Single(summary.Failures));
    }
}
