using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Operations;

/// <summary>
/// Walks a directory tree for candidate files (skipping <c>.git</c>, <c>bin</c>, <c>obj</c>, <c>node_modules</c>) and runs
/// one operation per file in parallel (bounded). A failing file is recorded and does not stop the others.
/// </summary>
public static class RepoWalker
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    public static IReadOnlyList<string> FindFiles(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new SecretsKitException(ExitCodes.NoFileSpecified, $"directory {root} does not exist");
        }
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var info = new DirectoryInfo(sub);
                if (Skipped.Contains(info.Name) || info.LinkTarget is not null) continue;
                pending.Push(sub);
            }
            found.AddRange(Directory.EnumerateFiles(dir).Where(f => new FileInfo(f).LinkTarget is null));
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <param name="progress">Called after each file with (done, total, path); calls are serialized.</param>
    public static async Task<RepoRunSummary> RunAsync(IReadOnlyList<string> files,
        Func<string, CancellationToken, Task<RepoFileOutcome>> action, int parallelism = 4,
        Action<int, int, string>? progress = null, CancellationToken cancellationToken = default)
    {
        var updated = 0;
        var unchanged = 0;
        var done = 0;
        var failures = new List<RepoRunSummary.Failure>();
        var gate = new object();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                RepoFileOutcome? outcome = null;
                string? reason = null;
                try
                {
                    outcome = await action(file, ct);
                }
                catch (SecretsKitException e)
                {
                    reason = e.Message;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    reason = e.Message;
                }
                lock (gate)
                {
                    done++;
                    if (outcome == RepoFileOutcome.Updated) updated++;
                    else if (outcome == RepoFileOutcome.Unchanged) unchanged++;
                    else failures.Add(new RepoRunSummary.Failure(file, reason ?? "failed"));
                    progress?.Invoke(done, files.Count, file);
                }
            });
        failures.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RepoRunSummary(updated, unchanged, failures);
    }
}
