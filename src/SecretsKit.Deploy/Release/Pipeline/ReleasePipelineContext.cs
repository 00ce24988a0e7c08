using SecretsKit.Deploy.Validation;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>What every <see cref="ReleaseRun"/> of one pipeline shares; output writes are serialised across releases.</summary>
internal sealed class ReleasePipelineContext(ReleaseFile file, ReleaseRunOptions options, ReleaseTools tools)
{
    private readonly Lock _gate = new();

    public ReleaseHooks? Hooks { get; } = tools.HookProcesses is { } processes ? new ReleaseHooks(processes) : null;

    public ReleaseFile File => file;

    /// <summary>The verb of the run (hooks see it as <c>.HelmfileCommand</c>); set when the run starts.</summary>
    public ReleaseCommand Command { get; set; }

    public ReleaseRunOptions Options => options;

    /// <summary>The run's token: cancelled when the run is interrupted (a signal), after which no stage begins.</summary>
    public CancellationToken Interruption { get; set; }

    /// <summary>Whether the run was interrupted: what fails now is told as interrupted, and nothing new starts.</summary>
    public bool Interrupted => Interruption.IsCancellationRequested;

    /// <summary>The unittest stage's run of each chart's suites, once per run (<see cref="UnitTestStage"/>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<UnitTestStage.ChartRun>>> UnitTests { get; } = new(StringComparer.Ordinal);

    /// <summary><c>--resume</c>: per release id, the canary step a paused run goes on from (as its record says).</summary>
    public IReadOnlyDictionary<string, int> StrategyResume { get; set; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public HelmClient Helm => tools.Helm;

    public ReleaseDecryption Decryption => tools.Decryption;

    public TimeProvider Time => tools.Time;

    /// <summary>One validator for the run, so CRDs rendered by a release are known when later releases are validated; null with --skip-validate.</summary>
    public ManifestValidator? Validator { get; } = options.Validation is { } v ? new ManifestValidator(v, SchemaHttp) : null;

    /// <summary>For <c>--schema-location</c> URL templates.</summary>
    private static readonly HttpClient SchemaHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void WriteOut(string text) => Write(tools.Stdout, text);

    public void WriteErr(string text) => Write(tools.Stderr, text);

    private void Write(TextWriter writer, string text)
    {
        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }
}
