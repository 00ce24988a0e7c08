using SecretsKit.Deploy.Release.Redaction;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// One stage of one release, as the user sees it with <see cref="ReleaseRunOptions.Progress"/>: a line when it starts,
/// helm's own lines as helm prints them (redacted, <c>  | </c> in front), and a line with how it ended and how long it
/// took. Without progress it prints nothing, and a failing helm call is shown whole by the run afterwards.
/// </summary>
internal sealed class StageProgress(ReleaseRun run, ReleasePipelineContext context, string stage)
{
    private readonly long _started = context.Time.GetTimestamp();

    /// <summary>Whether helm's lines were shown as they came (then a failure need not repeat them).</summary>
    public bool Streams => context.Options.Progress;

    public static StageProgress Begin(ReleaseRun run, ReleasePipelineContext context, string stage)
    {
        var progress = new StageProgress(run, context, stage);
        if (progress.Streams) context.WriteErr($"secretskit: release {run.Target.Id}: {stage} started\n");
        return progress;
    }

    /// <summary>The callback that shows helm's lines as they arrive, or null without progress.</summary>
    public Action<string>? HelmLines => Streams ? Line : null;

    private void Line(string line) => context.WriteErr("  | " + SecretRedactor.RedactLine(line, run.MessageSensitive) + "\n");

    /// <summary>Says how the stage ended (done, failed, or interrupted after a signal; then <paramref name="note"/>); returns <paramref name="ok"/>.</summary>
    public bool End(bool ok, string? note = null)
    {
        run.Ended(stage, ok);
        if (Streams)
        {
            var took = context.Time.GetElapsedTime(_started).TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            var how = ok ? "done" : context.Interrupted ? "interrupted" : "failed";
            context.WriteErr($"secretskit: release {run.Target.Id}: {stage} {how} in {took}s{(note is null ? "" : ": " + note)}\n");
        }
        return ok;
    }
}
