using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary><c>--resume</c>'s check that a paused canary goes on with the chart and values it paused with.</summary>
public sealed partial class ReleasePipeline
{
    /// <summary>
    /// Refuses, before anything is deployed, to resume a canary whose chart or values differ from those its record kept
    /// at the pause (<paramref name="atPause"/>: per release id, <see cref="ReleasePlan.InputsDigest"/>; null: the record
    /// kept none) in the run of <paramref name="command"/>. A selected release's run works its digest out as a render would (decrypting, pulling), once per run.
    /// </summary>
    public async Task RefuseChangedSincePauseAsync(ReleaseCommand command, IReadOnlyDictionary<string, string?> atPause, CancellationToken ct)
    {
        _context.Command = command; // prepare hooks that run for the digest see the verb that resumes
        var changed = new List<string>();
        foreach (var (target, run) in Runs)
        {
            if (!atPause.TryGetValue(target.Id, out var digest)) continue;
            if (digest is null || await run.InputsDigestAsync(ct) != digest) changed.Add(target.Id);
        }
        if (changed.Count == 0) return;
        throw new SecretsKitException(ExitCodes.Generic,
            $"--resume: the chart or values of {string.Join(", ", changed)} changed since the canary paused (the record of {_context.Options.Environment} "
            + "keeps a digest of them): the steps left would run a version nobody watched at the earlier steps",
            "restore the chart and values the canary paused with and resume, or run without --resume to start the rollout again from its first step");
    }
}
