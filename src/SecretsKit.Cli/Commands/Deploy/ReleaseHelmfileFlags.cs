using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Pipeline;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// helmfile 1.x's command-line flags that <c>secretskit release</c> accepts with helmfile's meaning (those it refuses
/// are <see cref="ReleaseRefusedFlags"/>); docs/migrate-from-helmfile.md has the table. Some ask for what SecretsKit
/// always does and change nothing (<c>--include-crds</c>, <c>--skip-refresh</c>, <c>--enable-live-output</c>, …).
/// </summary>
internal sealed record ReleaseHelmfileFlags(
    Option<string[]> Set, Option<string[]> Values, Option<bool> Wait, Option<bool> WaitForJobs, Option<int?> Timeout, Option<bool> SuppressDiff,
    Option<bool> SkipDiffOnInstall, Option<bool?> SkipNeeds, Option<bool> IncludeTransitiveNeeds, Option<bool> Interactive, Option<string?> OutputDir,
    Option<bool> AllowNoMatchingRelease, Option<string?> HelmBinary, Option<string?> KubeContext, Option<string[]> StateValuesSetString,
    Option[] NoEffect)
{
    /// <summary>The verbs that change the cluster, which <c>--interactive</c> asks before.</summary>
    private static readonly string[] Asking = ["apply", "sync", "destroy"];

    public static ReleaseHelmfileFlags Create() => new(
        new("--set") { Description = "values for every release, as helm --set a=b[,c=d] (repeatable; after the release's own; redacted in helm's messages)", Recursive = true },
        new("--values") { Description = "a values file for every release, after the release's own (repeatable; a SOPS file is decrypted)", Recursive = true },
        new("--wait") { Description = "helm upgrade --wait even where the state says wait: false", Recursive = true },
        new("--wait-for-jobs") { Description = "helm upgrade --wait-for-jobs", Recursive = true },
        new("--timeout") { Description = "seconds for helm upgrade (apply, sync) and helm test, instead of the state's timeout", Recursive = true },
        new("--suppress-diff") { Description = "apply, sync: print no diff, only whether each release changes", Recursive = true },
        new("--skip-diff-on-install") { Description = "apply: print no diff for a release not installed yet", Recursive = true },
        new("--skip-needs") { Description = "with -l, leave out the releases the selected ones need (the default; --skip-needs=false makes such a need an error)", Recursive = true },
        new("--include-transitive-needs") { Description = "with -l, also run the releases the selected ones need, and theirs", Recursive = true },
        new("--interactive", "-i") { Description = "apply, sync, destroy: show what will change and ask before changing the cluster (needs a terminal)", Recursive = true },
        new("--output-dir") { Description = "template: write each release's manifests under DIR, as helmfile and helm template --output-dir do (secrets redacted)", Recursive = true },
        new("--allow-no-matching-release") { Description = "a selector that matches no release runs nothing and exits 0", Recursive = true },
        new("--helm-binary", "-b") { Description = "the helm to run (default: $HELM_BIN, else helm on PATH)", Recursive = true },
        new("--kube-context") { Description = "the kube context of every release that names none (as helmDefaults.kubeContext)", Recursive = true },
        new("--state-values-set-string") { Description = "set state values as strings: a.b=v[,c=w] (repeatable)", Recursive = true },
        [
            NoOp("--include-crds", "template: CRDs are always included"),
            NoOp("--skip-refresh", "no helm repo update is run"),
            NoOp("--strip-args-values-on-exit-error", "no secret reaches helm's arguments, and --set values are redacted in helm's messages"),
            NoOp("--enable-live-output", "apply, sync, destroy, test and rollback show helm's lines as they come"),
            NoOp("--no-color", "secretskit prints no colour"),
            NoOp("--enforce-plugin-verification", "secretskit installs no helm plugin"),
            NoOp("--skip-charts", "destroy and list prepare no chart"),
            NoOp("--skip-diff-validation-on-install", "the diff is made offline, with nothing to validate against the cluster"),
            NoOp("--validate", "the validate stage checks every rendering against its schemas (offline; --skip-validate turns it off)"),
        ]);

    private static Option<bool> NoOp(string name, string why) =>
        new(name) { Description = "helmfile's; nothing to change: " + why, Recursive = true };

    public IEnumerable<Option> All =>
    [
        Set, Values, Wait, WaitForJobs, Timeout, SuppressDiff, SkipDiffOnInstall, SkipNeeds, IncludeTransitiveNeeds, Interactive, OutputDir,
        AllowNoMatchingRelease, HelmBinary, KubeContext, StateValuesSetString, .. NoEffect,
    ];

    /// <summary>
    /// What the flags change in the run of <paramref name="verb"/>. <c>--interactive</c> on a verb that changes the
    /// cluster needs a terminal to ask on (and no <c>CI</c>): refused before anything runs otherwise; so is
    /// <c>--output-dir</c> with <c>--show-secrets</c> (<paramref name="showSecrets"/>), which would write secrets to disk.
    /// </summary>
    public CommandLineOverrides Read(ParseResult r, CliContext context, string verb, string? kubeVersion, bool showSecrets)
    {
        if (showSecrets && r.GetValue(OutputDir) is not null)
        {
            throw new SecretsKitException(ExitCodes.Generic, "--output-dir with --show-secrets would write decrypted secrets to disk",
                "leave --show-secrets out: the files then hold the manifests with secrets redacted");
        }
        var values = (r.GetValue(Values) ?? []).Select(v => Path.GetFullPath(v, context.Environment.CurrentDirectory)).ToList();
        foreach (var missing in values.Where(v => !File.Exists(v)))
        {
            throw new SecretsKitException(ExitCodes.CouldNotReadInputFile, $"--values {missing}: no such file");
        }
        var includeNeeds = r.GetValue(IncludeTransitiveNeeds);
        return new CommandLineOverrides
        {
            Set = r.GetValue(Set) ?? [],
            Values = values,
            Wait = r.GetValue(Wait),
            WaitForJobs = r.GetValue(WaitForJobs),
            Timeout = r.GetValue(Timeout),
            KubeVersion = kubeVersion,
            SuppressDiff = r.GetValue(SuppressDiff),
            SkipDiffOnInstall = r.GetValue(SkipDiffOnInstall),
            IncludeTransitiveNeeds = includeNeeds,
            RequireNeedsSelected = r.GetValue(SkipNeeds) == false,
            AllowNoMatchingRelease = r.GetValue(AllowNoMatchingRelease),
            OutputDir = r.GetValue(OutputDir) is { } dir ? Path.GetFullPath(dir, context.Environment.CurrentDirectory) : null,
            KubeContext = r.GetValue(KubeContext),
            Confirm = r.GetValue(Interactive) && Asking.Contains(verb) ? Asker(context, verb) : null,
        };
    }

    /// <summary>The question helmfile asks, on the terminal: <c>[y/n]</c> until one of them (or yes/no) is typed.</summary>
    private static Func<string, CancellationToken, Task<bool>> Asker(CliContext context, string verb)
    {
        if (!context.CanAsk)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"--interactive asks before {verb} changes the cluster, but there is no terminal to ask on (stdin is not one, or CI is set)",
                $"review with 'secretskit release diff', then run {verb} without --interactive");
        }
        return async (question, ct) =>
        {
            while (true)
            {
                context.Stderr.Write($"{question}\n[y/n]: ");
                context.Stderr.Flush();
                // a signal while waiting ends the wait (the run's token), as it ends a helm call: the read itself cannot be cancelled
                var answer = (await Task.Run(context.ReadLine, CancellationToken.None).WaitAsync(ct))?.Trim().ToLowerInvariant()
                    ?? throw new SecretsKitException(ExitCodes.Generic, $"no answer on the terminal: nothing was changed by {verb}");
                if (answer is "y" or "yes") return true;
                if (answer is "n" or "no") return false;
            }
        };
    }
}
