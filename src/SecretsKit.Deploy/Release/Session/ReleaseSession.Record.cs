using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>Writing the environment's release record at the end of <c>apply</c>, <c>sync</c> and <c>promote</c>.</summary>
public sealed partial class ReleaseSession
{
    /// <summary>The environment's record before this run (an unchanged release keeps what it verified), or null.</summary>
    private async Task<ReleaseRecord?> ReadOwnRecordAsync(CancellationToken ct)
    {
        if (session.NoLock) return null; // the cluster may not let this run read there; the new record just starts afresh
        try
        {
            return (await ReleaseRecordStore.ReadAsync(clusters, EnvironmentContext, session.Lock.Namespace, Environment, ct))?.Record;
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
        {
            // only what an unchanged release carries over from it is lost: its stages then say skipped
            tools.Stderr.Write($"secretskit: warning: the earlier release record of {Environment} could not be read: {Echo.Bounded(e.Message)}\n");
            return null;
        }
    }

    /// <summary>
    /// Builds the run's record and writes it (ConfigMap, and <c>--record-file</c>); returns <paramref name="code"/>, or 1
    /// when the record could not be written under the lock (without it: a warning, as the cluster may refuse this run there).
    /// </summary>
    private async Task<int> RecordAsync(ReleasePipeline pipeline, string command, DateTimeOffset started, ReleaseRecord? previous, PromotedFrom? from,
        string? digest, int code, CancellationToken ct)
    {
        var entries = (pipeline.RecordEntries ?? []).ToList();
        ReleaseRecordCarry.Apply(previous, entries);
        var record = new ReleaseRecord
        {
            Environment = Environment,
            Stage = session.Promotion.StageOf(Environment)?.Name,
            Command = command,
            Outcome = code is 0 or 2 && pipeline.RecordEntries is not null && entries.All(e => e.Outcome == "passed") ? "passed" : "failed",
            StartedAt = started,
            EndedAt = tools.Time.GetUtcNow(),
            GitCommit = await GitCommitAsync(ct),
            Actor = environment.Get("GITHUB_ACTOR") is { Length: > 0 } actor ? actor : environment.Get("USER"),
            PromotedFrom = from,
            ApprovalDigest = digest,
            Releases = entries,
        };
        if (session.RecordFile is { } path) ReleaseRecordStore.WriteFile(Path.GetFullPath(path, environment.CurrentDirectory), record);
        try
        {
            await ReleaseRecordStore.WriteAsync(clusters, EnvironmentContext, session.Lock.Namespace, record, ct);
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
        {
            var said = $"the release record of {Environment} ({RecordLocation(Environment)}) was not written: {Echo.Bounded(e.Message)}";
            if (session.NoLock)
            {
                tools.Stderr.Write($"secretskit: warning: {said}\n");
                return code;
            }
            tools.Stderr.Write($"secretskit: error: {said}\nsecretskit: hint: the run itself ended with exit {code}; a later promote from {Environment} will find no record\n");
            return code == 0 || code == 2 ? 1 : code;
        }
        return code;
    }

    /// <summary><c>git rev-parse HEAD</c> in the state file's directory, or null outside a work tree (or without git).</summary>
    private async Task<string?> GitCommitAsync(CancellationToken ct)
    {
        try
        {
            var result = await processes.RunAsync(new ProcessSpec("git", ["rev-parse", "HEAD"], WorkingDirectory: file.BaseDirectory), ct);
            var text = Encoding.UTF8.GetString(result.StandardOutput).Trim();
            return result.ExitCode == 0 && text.Length is >= 7 and <= 64 && text.All(char.IsAsciiHexDigit) ? text : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
