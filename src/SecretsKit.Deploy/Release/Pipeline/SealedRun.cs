using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Sealing;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// One release under <c>--secrets-as</c>: its values files handed to helm with placeholders instead of decrypted values,
/// its renderings sealed (<see cref="SecretSealer"/>), the post-renderer and the session of its <c>helm upgrade</c>. The
/// release's private directory holds only placeholder files and the encrypted session; disposing removes it.
/// </summary>
internal sealed class SealedRun(ReleaseTarget target, ReleasePipelineContext context, ReleaseSealing sealing) : IDisposable
{
    private readonly PlaceholderTable _table = new();
    private PrivateTempDirectory? _directory;
    private IReadOnlyList<string>? _args;
    private SealRecipients? _recipients;
    private string? _recipientsMetadata;

    /// <summary>The documents sealed before (the deployed manifest, the previous rendering): kept when unchanged; null until read.</summary>
    private IReadOnlyList<PreviousSeal>? _previous;

    private IReadOnlyList<PreviousSeal> Previous => _previous ?? [];

    /// <summary>The Secrets the last sealing sealed.</summary>
    public IReadOnlyList<SealedObject> Sealed { get; private set; } = [];

    /// <summary>The file <c>render --out DIR</c> writes for the release, and whose creation rule names its recipients.</summary>
    public string SealedPath => sealing.SealedPath(target.Spec.BaseDirectory ?? context.File.BaseDirectory, context.Options.Environment, target.Namespace, target.Name);

    /// <summary>
    /// The value arguments helm gets: every <c>-f</c> file holding a decrypted value replaced by a copy with placeholders
    /// (once per run). A plain <c>--set</c> whose value is decrypted (an environment secret written into <c>set:</c>) is refused.
    /// </summary>
    public IReadOnlyList<string> ValueArgs(ReleaseInputs inputs, IReadOnlyCollection<string> sensitive)
    {
        if (_args is not null) return _args;
        var key = PlaceholderKey.ForRelease(target.Id, inputs.DataKeys);
        var secret = sensitive.ToHashSet(StringComparer.Ordinal);
        var args = new List<string>(inputs.ValueArgs.Count);
        for (var i = 0; i < inputs.ValueArgs.Count; i++)
        {
            var arg = inputs.ValueArgs[i];
            if (i + 1 < inputs.ValueArgs.Count && arg == "-f")
            {
                args.AddRange(["-f", Rewrite(inputs.ValueArgs[++i], inputs.DecryptedFiles, secret, key)]);
                continue;
            }
            if (i + 1 < inputs.ValueArgs.Count && arg is "--set" or "--set-string" && SetValue(inputs.ValueArgs[i + 1]) is { } value && secret.Contains(value))
            {
                throw new SecretsKitException(ExitCodes.Generic,
                    $"release {target.Id}: set {inputs.ValueArgs[i + 1].Split('=')[0]} holds a decrypted value, which --secrets-as keeps away from helm",
                    "put it in a values file (its value may be a template reading the environment's secrets) instead of set:");
            }
            args.Add(arg);
        }
        if (!key.Stable && _table.Count > 0)
        {
            context.WriteErr($"secretskit: release {target.Id}: no SOPS file keys its placeholders (its decrypted values come from ref+ only): "
                + "they change at every run, and so does a checksum of them\n");
        }
        return _args = args;
    }

    private string Rewrite(string path, IReadOnlySet<string> decrypted, IReadOnlySet<string> sensitive, PlaceholderKey key)
    {
        var full = Path.GetFullPath(path, target.Spec.BaseDirectory ?? context.File.BaseDirectory);
        if (!File.Exists(full)) return path; // an optional file left out, or a URL helm fetches itself
        var rewritten = PlaceholderValues.Rewrite(BoundedFile.ReadText(full, path), decrypted.Contains(path), sensitive, key, _table);
        if (rewritten is null) return path;
        _directory ??= PrivateTempDirectory.Create("secretskit-sealed-");
        return _directory.WriteFile($"values-{_table.Count}-{Path.GetFileName(full)}", Encoding.UTF8.GetBytes(rewritten));
    }

    private static string? SetValue(string assignment) => assignment.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? assignment[(eq + 1)..] : null;

    /// <summary>The release's recipients, planned once for <see cref="SealedPath"/> and read back as the post-renderer will read them.</summary>
    private async Task<SealRecipients> RecipientsAsync(CancellationToken ct)
    {
        if (_recipients is not null) return _recipients;
        var planned = SealRecipients.From(sealing.Recipients(SealedPath));
        _recipientsMetadata = await planned.ToMetadataAsync(context.Decryption.Engine, context.Time, ct);
        return _recipients = SealRecipients.FromMetadata(context.Decryption.Engine.Registry, _recipientsMetadata);
    }

    private async Task<SealOptions> OptionsAsync(bool render, CancellationToken ct) =>
        new(sealing.Format, await RecipientsAsync(ct), target.Namespace, target.Id)
        {
            KeySecret = sealing.KeySecret,
            RefusePlainSecrets = render && !sealing.AllowPlaintextSecrets,
            Previous = Previous,
        };

    /// <summary>
    /// The rendering with its Secrets sealed, keeping what was sealed before: the file <c>render</c> wrote last time, or
    /// the deployed release's (<paramref name="deployed"/>: <c>helm get manifest</c>).
    /// </summary>
    public async Task<string> SealRenderingAsync(string rendered, Func<Task<string?>> deployed, CancellationToken ct)
    {
        var render = context.Command == ReleaseCommand.Render;
        _previous = PreviousSeal.Read(render ? SealedOutput.Previous(SealedPath, sealing) : await deployed());
        return await SealAsync(rendered, render, ct);
    }

    /// <summary>Seals what helm rendered with placeholders; <paramref name="render"/>: the <c>render</c> verb's rules (plain Secrets refused, earlier files decrypted to compare).</summary>
    public async Task<string> SealAsync(string rendered, bool render, CancellationToken ct)
    {
        var sealer = new SecretSealer(context.Decryption.Engine, _table, await OptionsAsync(render, ct))
        {
            DecryptPrevious = render ? context.Decryption.Options : null,
        };
        var text = await sealer.SealAsync(rendered, ct);
        Sealed = sealer.Sealed;
        // what this run sealed is kept by the upgrade's post-renderer when helm renders the same Secrets again
        _previous = [.. Previous, .. PreviousSeal.Read(text).Where(p => !Previous.Any(q => q.Digest == p.Digest))];
        return text;
    }

    /// <summary>
    /// The post-renderer of the release's <c>helm upgrade</c> and the environment helm runs with (<paramref name="deployed"/>:
    /// <c>helm get manifest</c>, when no rendering read it yet): this program's
    /// <c>post-renderer --seal-session FILE</c>, as an executable on Helm 3 and as a <c>postrenderer/v1</c> plugin of the
    /// run's own (first in <c>HELM_PLUGINS</c>) on Helm 4; the session's key only in that environment.
    /// </summary>
    public async Task<(IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment)> PostRendererAsync(int helmMajor,
        Func<Task<string?>> deployed, CancellationToken ct)
    {
        if (target.Settings.PostRenderer is { Length: > 0 })
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release {target.Id} has a postRenderer, and --secrets-as {SealFormats.Name(sealing.Format)} needs helm's post-renderer for itself",
                "apply the release without --secrets-as, or move what its post-renderer does into the chart");
        }
        var self = sealing.Self ?? throw new SecretsKitException(ExitCodes.Generic, "--secrets-as needs to run this program as helm's post-renderer, and its path is unknown");
        _previous ??= PreviousSeal.Read(await deployed()); // sync without a template stage: what is deployed is kept too
        var options = await OptionsAsync(render: false, ct);
        _directory ??= PrivateTempDirectory.Create("secretskit-sealed-");
        var session = Path.Combine(_directory.Path, $"seal-session-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string>(sealing.Environment.Variables, StringComparer.Ordinal)
        {
            [SealSession.KeyVariable] = new SealSession(options, _table, _recipientsMetadata!).Write(session),
        };
        string[] command = [.. self.Arguments, "post-renderer", "--seal-session", session];
        if (helmMajor < 4) return (["--post-renderer", self.Path, .. command.SelectMany(a => new[] { "--post-renderer-args", a })], environment);
        var name = "secretskit-seal-" + Guid.NewGuid().ToString("N")[..8];
        var plugins = Directory.CreateDirectory(Path.Combine(_directory.Path, "plugins", name)).Parent!.FullName;
        File.WriteAllText(Path.Combine(plugins, name, "plugin.yaml"), PostRendererPlugin.Manifest(name, self.Path, command));
        environment["HELM_PLUGINS"] = plugins + Path.PathSeparator + PostRendererPlugin.UserPlugins(sealing.Environment);
        return (["--post-renderer", name], environment);
    }

    /// <summary>
    /// After the upgrade: the agent's readiness for the release's SopsSecrets (as <c>helm get manifest</c> lists them) within
    /// the release's timeout; null when all are ready, else what is not.
    /// </summary>
    public async Task<string?> ReadyAsync(CancellationToken ct)
    {
        var manifest = await context.Helm.RunAsync(HelmCalls.HelmCommandLines.GetManifest(target), ct);
        if (!manifest.Ok) return $"helm get manifest failed (exit {manifest.ExitCode}): {manifest.Stderr.Trim()}";
        var sopsSecrets = PreviousSeal.Read(manifest.Stdout).Where(p => p.Kind == "SopsSecret").ToList();
        return await SopsSecretReadiness.WaitAsync(sopsSecrets, target.Namespace, target.KubeContext, TimeSpan.FromSeconds(target.Settings.Timeout),
            sealing.Environment, sealing.Processes, context.Time, ct);
    }

    public void Dispose() => _directory?.Dispose();
}
