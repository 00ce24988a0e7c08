using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Release.HelmCalls;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// <c>audit-plaintext</c>: what helm stores of a release (its release Secret, read through <c>helm get values --all</c>,
/// <c>manifest</c>, <c>hooks</c> and <c>notes</c>) searched for the values the release decrypts today, as they are,
/// base64-encoded and line by line. Each finding names where and the values key, never the value.
/// </summary>
internal static class PlaintextAudit
{
    private static readonly string[] Stored = ["values", "manifest", "hooks", "notes"];

    public static async Task<ReleaseOutcome> RunAsync(ReleaseRun run, ReleasePipelineContext context, CancellationToken ct)
    {
        var forms = DecryptedForms.Of((await run.ValueSourcesAsync(ct)).Decrypted);
        var findings = new List<string>();
        foreach (var what in Stored)
        {
            var output = await context.Helm.RunAsync(HelmCommandLines.GetStored(run.Target, what), ct);
            if (output.NotFound && what == "values")
            {
                context.WriteOut($"{run.Target.Id}: not installed\n");
                return run.Outcome(ReleaseResult.NotInstalled);
            }
            if (!output.Ok)
            {
                context.WriteErr($"secretskit: release {run.Target.Id}: helm get {what} failed (exit {output.ExitCode})\n");
                return run.Outcome(ReleaseResult.Failed);
            }
            foreach (var origin in forms.Where(f => output.Stdout.Contains(f.Form, StringComparison.Ordinal)).Select(f => (f.How, f.Origin)).Distinct())
            {
                findings.Add($"{run.Target.Id}: helm get {what}: holds {origin.How} {origin.Origin}");
            }
        }
        context.WriteOut(findings.Count == 0 ? $"{run.Target.Id}: no decrypted value stored\n" : string.Concat(findings.Select(f => f + "\n")));
        return run.Outcome(findings.Count == 0 ? ReleaseResult.Ok : ReleaseResult.PlaintextStored);
    }
}
