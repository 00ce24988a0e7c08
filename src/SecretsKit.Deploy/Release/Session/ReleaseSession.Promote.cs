using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// <c>release -e TARGET promote [--from SOURCE] [--dry-run] [--approved-digest D] [--pin]</c>: under the target's lock,
/// plan the target's apply (render, validate, diff: reads only), read the source's record and its live revisions, run the
/// stage's gates, and only when every gate passes run <c>apply</c> on exactly that plan and record where it came from.
/// One environment per call: <c>-e STAGE</c> calls it once per environment of the stage, as its <c>fanOut</c> says.
/// </summary>
public sealed partial class ReleaseSession
{
    public async Task<int> PromoteAsync(CancellationToken ct)
    {
        var promote = session.Promote;
        var stage = session.Promotion.StageOf(Environment);
        var sources = Sources(promote.From ?? stage?.From);
        var gates = stage?.Gates ?? PromotionGates.FromSource;
        if (session.Interactive) RequireTerminal();
        var started = tools.Time.GetUtcNow();
        try
        {
            if (!promote.DryRun)
            {
                using var probe = new ReleasePipeline(file, options with { Strategies = session.Promotion.Strategies }, tools);
                if (!await LockAsync(probe.Ordered, ct)) return 1;
            }
            var records = new List<(string Environment, ReleaseRecord? Record, string? Json)>();
            foreach (var source in sources)
            {
                var found = await ReleaseRecordStore.ReadAsync(clusters, ContextOf(source), session.Lock.Namespace, source, ct);
                records.Add((source, found?.Record, found?.Json));
            }
            // the recipients gate below is the pipeline's recipient check, run before any write: apply does not run it again
            using var pipeline = new ReleasePipeline(file, options with
            {
                Record = !promote.DryRun, PinnedVersions = Pins(records[0].Record), Recipients = null, Strategies = session.Promotion.Strategies,
            }, tools);
            pipeline.UseClusters(clusters);
            var previous = promote.DryRun ? null : await ReadOwnRecordAsync(ct);
            if (!promote.DryRun) await ResumeAsync(ReleaseCommand.Apply, pipeline, previous, ct);
            if (await pipeline.PlanAsync(ReleaseCommand.Apply, ct) is not { } plan) return 1;
            var results = new List<GateResult>();
            foreach (var (source, record, _) in records) results.AddRange(PromotionGateCheck.Evaluate(gates, await GateInputsAsync(source, record, plan, ct)));
            if (gates.Recipients == RecipientsGate.Isolated) results.Add(await RecipientsGateAsync(ct));
            if (promote.DryRun) return DryRunTable(results, sources);
            if (results.Where(r => !r.Passed).ToList() is { Count: > 0 } refused) return Refuse(refused);
            var digest = plan.Digest;
            if (session.Interactive && !Ask(pipeline, plan, digest)) return 1;
            var code = await pipeline.RunAsync(ReleaseCommand.Apply, ct);
            var from = records[0];
            var promotedFrom = from.Record is { } r
                ? new PromotedFrom { Environment = from.Environment, Stage = r.Stage, EndedAt = r.EndedAt, RecordDigest = ReleaseRecordStore.Digest(from.Json!) }
                : null;
            var bound = gates.Approval == ApprovalGate.DiffDigest || session.Interactive ? digest : null;
            return await RecordAsync(pipeline, "promote", started, previous, promotedFrom, bound, code, ct);
        }
        finally
        {
            await GiveBackLockAsync();
        }
    }

    /// <summary>The source environments: <c>--from</c> (an environment, or a stage's environments), else the stage's <c>from</c>.</summary>
    private IReadOnlyList<string> Sources(string? from)
    {
        if (from is null)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{Environment} is in no stage promoted from another, so promote has no source",
                "name it with --from ENV, or give the stage a from: in " + PromotionFile.DefaultFileName);
        }
        var sources = session.Promotion.Resolve(from);
        foreach (var source in sources)
        {
            if (source == Environment) throw new SecretsKitException(ExitCodes.Generic, $"{Environment} cannot be promoted from itself");
            if (!Defines(source))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"the source environment '{Echo.Bounded(source)}' is not defined in {file.Path}",
                    "defined: " + string.Join(", ", file.KubeContexts.Keys));
            }
        }
        return sources;
    }

    /// <summary><c>--pin</c>: each release's chart version as the source verified it (no pin when the source has no record).</summary>
    private Dictionary<string, string> Pins(ReleaseRecord? source)
    {
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!session.Promote.Pin || source is null) return pins;
        foreach (var entry in source.Releases.Where(e => e?.Chart is { Version.Length: > 0 }))
        {
            pins[$"{entry.Namespace}/{entry.Name}"] = entry.Chart.Version;
        }
        return pins;
    }

    /// <summary>What the gates read about one source: its record, the revisions helm has deployed there now (reads only), the plan.</summary>
    private async Task<GateInputs> GateInputsAsync(string source, ReleaseRecord? record, ReleasePlan plan, CancellationToken ct)
    {
        var revisions = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (record is not null)
        {
            var sourceEnvironment = new ReleaseEnvironment(source, file.KubeContexts.GetValueOrDefault(source), [], []);
            foreach (var release in plan.Releases)
            {
                var there = new ReleaseTarget(release.Target.Spec, sourceEnvironment, file.Defaults);
                var status = await tools.Helm.RunAsync(HelmCommandLines.Status(there), ct);
                if (!status.Ok && !status.NotFound)
                {
                    throw new SecretsKitException(ExitCodes.Generic, $"helm status {release.Target.Id} in {source} failed (exit {status.ExitCode}): {Echo.Bounded(status.Stderr.Trim())}");
                }
                revisions[release.Target.Id] = status.Ok ? HelmReleaseInfo.ParseStatus(status.Stdout).Revision : null;
            }
        }
        var gated = plan.Releases.Select(r => new GatedRelease(r.Target.Id, r.Chart, r.SecretKeys)).ToList();
        return new GateInputs(source, Environment, RecordLocation(source), record, revisions, gated, plan.Digest, session.Promote.ApprovedDigest,
            tools.Time.GetUtcNow());
    }

    /// <summary>
    /// <c>gates.recipients: isolated</c>: the recipient checks of <c>release lint</c> (SK-RECIPIENT-001..003) on every secrets
    /// file the target reads, from SOPS metadata alone; the first finding is the refusal's reason, all are on stderr.
    /// </summary>
    private async Task<GateResult> RecipientsGateAsync(CancellationToken ct)
    {
        if (options.Recipients is not { } check) return new GateResult("recipients", true, "no recipient check for this verb");
        var findings = await check(ct);
        if (findings.Count == 0)
        {
            return new GateResult("recipients", true, $"every secrets file of {Environment} is encrypted to its own creation rule's recipients only");
        }
        foreach (var finding in findings.Skip(1)) tools.Stderr.WriteLine("  | " + finding);
        var more = findings.Count == 1 ? "" : $" (and {findings.Count - 1} more finding{(findings.Count == 2 ? "" : "s")}, above)";
        return new GateResult("recipients", false, findings[0] + more);
    }

    /// <summary><c>--dry-run</c>: every gate with pass or FAIL on stdout; 0 when all pass, else 10.</summary>
    private int DryRunTable(IReadOnlyList<GateResult> results, IReadOnlyList<string> sources)
    {
        var width = Math.Max(4, results.Count == 0 ? 0 : results.Max(r => r.Name.Length));
        var text = new System.Text.StringBuilder($"promote {string.Join(", ", sources)} -> {Environment} (dry run: nothing written)\n");
        text.Append("GATE".PadRight(width)).Append("  RESULT  DETAIL\n");
        foreach (var r in results) text.Append(r.Name.PadRight(width)).Append(r.Passed ? "  pass    " : "  FAIL    ").Append(r.Detail).Append('\n');
        if (results.Count == 0) text.Append("(the stage has no gates)\n");
        tools.Stdout.Write(text.ToString());
        tools.Stdout.Flush();
        return results.All(r => r.Passed) ? 0 : ExitCodes.PromotionGateRefused;
    }

    /// <summary>Says each refusal (<c>gate NAME: …</c>) and returns 10; nothing was written to the target cluster but the lock.</summary>
    private int Refuse(IReadOnlyList<GateResult> refused)
    {
        foreach (var r in refused) tools.Stderr.Write($"secretskit: error: {r.Message}\n");
        tools.Stderr.Write($"secretskit: hint: nothing was deployed to {Environment}; `secretskit release -e {Environment} promote --dry-run` lists every gate\n");
        return ExitCodes.PromotionGateRefused;
    }

    /// <summary><c>--interactive</c> after the gates: the plan's diff shown, then the question.</summary>
    private bool Ask(ReleasePipeline pipeline, ReleasePlan plan, string digest)
    {
        pipeline.ShowPlan();
        if (!plan.HasChanges || session.Ask!($"promote to {Environment} ({digest})? [y/N] ")) return true;
        tools.Stderr.Write($"secretskit: nothing applied to {Environment}\n");
        return false;
    }
}
