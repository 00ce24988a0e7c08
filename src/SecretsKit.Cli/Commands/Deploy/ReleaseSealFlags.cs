using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.Processes;
using SecretsKit.Cli.Rules;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The <c>release</c> flags of sealed Secrets: <c>--secrets-as</c>, render's <c>--out</c> and <c>--allow-plaintext-secrets</c>,
/// the SopsSecrets' <c>--key-secret</c>, and the cluster's recipients as <c>encrypt</c> takes them (<c>--age</c>, <c>--kms</c>, …
/// and their variables; else the <c>.sops.yaml</c> rule of the sealed path).
/// </summary>
internal sealed class ReleaseSealFlags
{
    private static readonly string[] SealedVerbs = ["render", "apply", "sync", "promote", "diff", "lint"];

    public ReleaseSealFlags(CliContext context)
    {
        Keys = new KeyFlags(context.Registry, shortAliases: false);
        SecretsAs.AcceptOnlyFromAmong(SealFormats.SopsSecretName, SealFormats.FluxSecretName);
        foreach (var option in Keys.All) option.Recursive = true;
    }

    public Option<string?> SecretsAs { get; } = new("--secrets-as")
    {
        Description = "render, apply, sync, promote, diff, lint: helm gets placeholders, not decrypted values; Secrets holding them are sealed as sopssecret (the agent's SopsSecret) or, for render, sops-secret (Flux)",
        Recursive = true,
    };

    public Option<string?> Out { get; } = new("--out") { Description = "render: a directory (one NAMESPACE_NAME.yaml per release) or - for stdout", Recursive = true };

    public Option<bool> AllowPlaintextSecrets { get; } = new("--allow-plaintext-secrets")
    {
        Description = "render: write a Secret whose data holds no decrypted value as it is (refused by default)",
        Recursive = true,
    };

    public Option<string?> KeySecret { get; } = new("--key-secret")
    {
        Description = "sopssecret: NAME[/KEY] of the Secret in the SopsSecret's namespace holding the agent's age identity (default: cloud keys only)",
        Recursive = true,
    };

    public KeyFlags Keys { get; }

    public IEnumerable<Option> All => [SecretsAs, Out, AllowPlaintextSecrets, KeySecret, .. Keys.All];

    /// <summary>What the verb seals, or null when it seals nothing; a flag given to a verb it does not apply to is an error.</summary>
    public ReleaseSealing? Read(ParseResult r, CliContext context, string verb)
    {
        var format = r.GetValue(SecretsAs);
        var output = r.GetValue(Out);
        if (output is not null && verb != "render") throw Usage($"--out applies to render only, not {verb}");
        if (verb == "render")
        {
            if (output is null) throw Usage("render needs --out DIR (one file per release) or --out - (one stream on stdout)");
            format ??= SealFormats.SopsSecretName;
        }
        else if (format is null)
        {
            return null;
        }
        else if (!SealedVerbs.Contains(verb, StringComparer.Ordinal))
        {
            throw Usage($"--secrets-as applies to {string.Join(", ", SealedVerbs)}, not {verb}");
        }
        else if (format == SealFormats.FluxSecretName)
        {
            throw Usage($"--secrets-as {SealFormats.FluxSecretName} is a render format (Flux applies the files); {verb} seals as {SealFormats.SopsSecretName}");
        }
        var self = SelfExecutable.Find();
        return new ReleaseSealing(SealFormats.Parse(format)!.Value, path => EncryptionPlanner.PlanKeys(context, r, Keys, path), context.Environment, context.Processes)
        {
            KeySecret = r.GetValue(KeySecret) is { Length: > 0 } key ? SopsSecretKeyRef.Parse(key) : null,
            AllowPlaintextSecrets = r.GetValue(AllowPlaintextSecrets),
            Out = output,
            Self = self is { } s ? new SelfCommand(s.Path, s.Arguments) : null,
        };
    }

    private static SecretsKitException Usage(string message) => new(ExitCodes.Generic, message);
}
