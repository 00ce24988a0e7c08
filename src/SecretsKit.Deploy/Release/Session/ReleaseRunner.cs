using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Refs;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// The one entry of <c>secretskit release</c>: from a <see cref="ReleaseRequest"/> (the command line as data) and a
/// <see cref="ReleaseHost"/> (what the process gives), it finds the state and the promotion file, resolves <c>-e</c> to
/// one environment or a stage's (<see cref="StageFanOut"/>), loads the state per environment, and runs the verb: the
/// pipeline through a <see cref="ReleaseSession"/>, a report of the state, or <c>drift</c>.
/// </summary>
public static partial class ReleaseRunner
{
    private static readonly string[] StateOnly = ["list", "build", "show-dag"];

    /// <summary>Runs the request; returns the exit code.</summary>
    public static async Task<int> RunAsync(ReleaseHost host, ReleaseRequest request, CancellationToken ct)
    {
        var named = request.Environment ?? host.Environment.Get("HELMFILE_ENVIRONMENT") ?? StateLoadOptions.DefaultEnvironment;
        var files = StateFileDiscovery.Find(host.Environment.CurrentDirectory, request.File);
        var stateOnly = StateOnly.Contains(request.Verb, StringComparer.Ordinal); // as helmfile: no cluster, no promotion file
        var promotion = stateOnly ? PromotionFile.Empty : PromotionFileReader.Find(request.PromotionFile,
            Path.GetDirectoryName(Path.GetFullPath(files[0], host.Environment.CurrentDirectory))!, host.Environment.CurrentDirectory);
        IReadOnlyList<string> environments = stateOnly ? [named]
            : request.Stages ? [promotion.Resolve(named)[0]] // every stage's records, read once
            : promotion.Resolve(named);
        var run = new Run(host, request, files, promotion);
        if (environments.Count == 1)
        {
            return await run.EnvironmentAsync(environments[0], request, host.Stdout, host.Stderr, ct);
        }
        var stage = promotion.Stage(named)!;
        var stderr = TextWriter.Synchronized(host.Stderr);
        var since = host.Time.GetUtcNow(); // rollback-done takes back only what a record of this stage run says it did
        var undo = request with
        {
            Verb = "rollback",
            Command = ReleaseCommand.Rollback,
            Drift = null,
            Sealing = null,
            Digest = false,
            Overrides = request.Overrides with { Confirm = null },
            Session = (request.Session ?? new()) with { Interactive = false, UndoRunSince = since },
        };
        return await StageFanOut.RunAsync(stage, request.Verb, request.Concurrency, host.Stdout, stderr,
            (environment, _, stdout, c) => run.EnvironmentAsync(environment, request, stdout, stderr, c),
            (environment, _, stdout, c) => run.EnvironmentAsync(environment, undo, stdout, stderr, c), ct);
    }

    /// <summary>How the release's secrets are decrypted: SOPS with the environment's key order, references through their stores.</summary>
    private static ReleaseDecryption Decryption(ReleaseHost host, bool allowUnencryptedSecrets)
    {
        var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(host.Environment.Get("SOPS_DECRYPTION_ORDER")));
        var refs = RefResolver.FromEnvironment(new KeySourceContext(host.Environment, host.Processes, host.Time), host.Engine, decrypt);
        return new ReleaseDecryption(host.Engine, decrypt, refs)
        {
            AllowUnencryptedSecrets = allowUnencryptedSecrets,
            Remote = host.Environment,
            Warn = host.Warn,
        };
    }

    /// <summary>
    /// Loads the state; when no environment was named and the load fails (typically a template reading values only the
    /// team's environments define), the error says which environment it ran for and how to name one.
    /// </summary>
    private static async Task<LoadedState> LoadAsync(IReadOnlyList<string> files, StateLoadOptions options, bool environmentGiven, CancellationToken ct)
    {
        try
        {
            return await StateLoader.LoadAsync(files, options, ct);
        }
        catch (SecretsKitException e) when (!environmentGiven && e.Hint is null)
        {
            throw new SecretsKitException(e.ExitCode, e.Message,
                $"no environment was named, so this ran for '{options.Environment}': name one with -e ENV (or HELMFILE_ENVIRONMENT)", e);
        }
    }

    private static int Report(string verb, LoadedState state, ReleaseRequest request, string environment, TextWriter stdout)
    {
        // list and show-dag show a release its condition disables (list's ENABLED column); no match is an error, as for every verb
        var selected = ReleaseSelection.Select(state.File, request.Selectors, request.IncludeNeeds, enabledOnly: false, environment,
            overrides: request.Overrides);
        stdout.Write(verb switch
        {
            "list" => StateReports.List(selected),
            "show-dag" => StateReports.ShowDag(state.File.Releases, selected),
            _ => StateReports.Build(state),
        });
        return 0;
    }
}
