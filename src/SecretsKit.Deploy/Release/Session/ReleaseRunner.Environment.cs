using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Promotion;
using SecretsKit.Deploy.Release.Recipients;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

public static partial class ReleaseRunner
{
    /// <summary>What every environment of a run shares: the host, the state files and the promotion file.</summary>
    private sealed class Run(ReleaseHost host, ReleaseRequest given, IReadOnlyList<string> files, PromotionFile promotion)
    {
        /// <summary>One verb on one environment: loads the state for it, then runs the pipeline, or a report, through the session.</summary>
        public async Task<int> EnvironmentAsync(string environment, ReleaseRequest request, Stream output, TextWriter stderr, CancellationToken ct)
        {
            var decryption = Decryption(host, request.AllowUnencryptedSecrets);
            var loadOptions = new StateLoadOptions(environment, request.StateValuesSet, request.StateValuesFile, request.AllowExec,
                host.Environment, host.Processes, decryption)
            {
                Warn = host.Warn,
                RenderValuesFiles = request.Verb is not ("list" or "show-dag" or "unlock" or "drift"), // as helmfile: these read the state, not the values
                KeylessSecrets = request.Verb == "drift", // drift reads manifests and live objects: no value, so no key
                StateValuesSetString = request.StateValuesSetString,
            };
            var environmentGiven = given.Environment is not null || host.Environment.Get("HELMFILE_ENVIRONMENT") is not null;
            using var state = await LoadAsync(files, loadOptions, environmentGiven, ct);
            await using var stdout = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
            if (request.Drift is { } drift)
            {
                var selection = new ReleaseRunOptions(environment, request.Selectors, DetailedExitCode: request.DetailedExitCode)
                {
                    IncludeNeeds = request.IncludeNeeds,
                    Overrides = request.Overrides, // --kube-context and the selection flags, as for every verb
                };
                return await DriftAsync(host, drift, state.File, selection, decryption, request.HelmBinary, stdout, stderr, ct);
            }
            if (request.Command is null && request.Verb != "unlock")
            {
                return Report(request.Verb, state, request, environment, stdout);
            }
            var options = Options(request, environment, loadOptions);
            var binary = Helm(host, request.HelmBinary);
            using var processes = host.Interruptible(host.Processes);
            var tools = new ReleaseTools(new HelmClient(processes, binary, state.File.BaseDirectory), decryption, host.Time, stdout, stderr, processes);
            using var clusters = new ClusterConnections(host.Environment, host.Processes, host.Time);
            var sessionOptions = (request.Session ?? new()) with
            {
                Promotion = promotion,
                Lock = promotion.Lock.WithFlags(request.LockWait, request.LockTtl),
            };
            var session = new ReleaseSession(state.File, options, tools, sessionOptions, clusters, host.Environment, processes);
            return await SessionAsync(session, processes, request, ct);
        }

        /// <summary>The pipeline's options for the verb on <paramref name="environment"/>.</summary>
        private ReleaseRunOptions Options(ReleaseRequest request, string environment, StateLoadOptions loadOptions) =>
            new(environment, request.Selectors, request.ShowSecrets, request.Concurrency is 0 ? int.MaxValue : request.Concurrency,
                request.DetailedExitCode)
            {
                IncludeNeeds = request.IncludeNeeds,
                ContextLines = request.ContextLines,
                SkipDeps = request.SkipDeps,
                SkipUnitTest = request.SkipUnitTest,
                Validation = request.Validation,
                Policy = request.Policy,
                PolicyStrategies = promotion.Strategies, // the rollout checks' (SK-ROLLOUT-002, -003), in every verb with a policy stage
                Progress = request.Command is ReleaseCommand.Apply or ReleaseCommand.Sync or ReleaseCommand.Destroy or ReleaseCommand.Test
                    or ReleaseCommand.Rollback,
                Recipients = request.Command is ReleaseCommand.Lint or ReleaseCommand.Apply // promote's apply included
                    ? t => EnvironmentRecipients.CheckAsync(new RecipientState(files, loadOptions) { Selectors = request.Selectors }, environment, promotion, t)
                    : null,
                Overrides = request.Overrides,
                Sealing = request.Sealing,
            };
    }

    /// <summary>The helm to run: <c>-b/--helm-binary</c>, as helmfile's, else <c>$HELM_BIN</c> or helm on PATH; refused when not there.</summary>
    private static string Helm(ReleaseHost host, string? helmBinary)
    {
        var binary = helmBinary ?? new HelmRunner(host.Environment).Binary;
        HelmBinary.Require(binary, host.Environment, helmBinary is null ? null : "--helm-binary");
        return binary;
    }

    /// <summary>
    /// Runs the verb through the session (helm checked first) with its children behind an <see cref="IInterruptibleProcessRunner"/>:
    /// after a signal no new one starts, the running ones are ended and waited for, the session gives its lock back on
    /// its way out, and the exit code is 128 + the signal.
    /// </summary>
    private static async Task<int> SessionAsync(ReleaseSession session, IInterruptibleProcessRunner processes, ReleaseRequest request, CancellationToken ct)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, processes.Interrupted);
        try
        {
            var code = request.Verb switch
            {
                "promote" => await session.PromoteAsync(run.Token),
                "rollback" when session.UndoesRun => await session.UndoRunAsync(run.Token),
                "unlock" => await session.UnlockAsync(run.Token),
                "diff" when request.Digest => await session.DigestAsync(run.Token),
                "status" when request.Stages => await session.StagesAsync(run.Token),
                _ => await session.RunAsync(request.Command!.Value, run.Token),
            };
            return processes.ExitCode ?? code;
        }
        catch (OperationCanceledException) when (processes.ExitCode is { } signalled)
        {
            return signalled; // the signal came while the lock was awaited, or after the summary, during the cleanup hooks
        }
        finally
        {
            await processes.DrainAsync(); // no child outlives the run
        }
    }
}
