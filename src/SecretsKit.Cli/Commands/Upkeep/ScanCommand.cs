using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>scan [dir]</c>: report files a creation rule matches that are plaintext and look like secrets (every matched
/// plaintext file with <c>--all</c> or a rule's <c>scan: {require_encrypted: true}</c>) or are partly plaintext,
/// decrypted copies of encrypted files (<c>dec</c> output, <c>FILE.dec</c>, any file equal to a decryption), and in every
/// text file private keys and credentials (cloud keys, tokens, plaintext Kubernetes Secrets, random values under secret
/// names; <c>.secretskit-scan-allow</c> allows them per file and rule); exit 1 when anything is found, 0 when clean. <c>--staged</c> (the default inside a git hook, where <c>GIT_INDEX_FILE</c> is set)
/// checks what is staged for the commit. With <c>--flux</c> (or a rule's <c>scan: {flux: true}</c>) an encrypted manifest Flux's
/// kustomize-controller would not decrypt as a Secret is reported too. Paths are relative to the working directory. Never prints a value.
/// <c>--recipients</c> checks recipients instead (<see cref="RecipientScan"/>).
/// </summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string?>("dir") { Arity = ArgumentArity.ZeroOrOne, Description = "directory to scan (default: the working directory)" };
        // --format as before, and -o/--output as `validate` (and kubeconform, kubectl) spell it
        var format = new Option<string>("--format", "--output", "-o") { Description = "text (one line per finding) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var staged = new Option<bool>("--staged")
        {
            Description = "check the content staged for the next commit (git index), not the work tree; the default in a git hook",
        };
        var all = new Option<bool>("--all")
        {
            Description = "report every plaintext file a creation rule matches, not only those that look like secrets",
        };
        var flux = new Option<bool>("--flux")
        {
            Description = "encrypted manifests are for Flux's kustomize-controller: report one it would not decrypt as a Secret (a rule's scan: {flux: true} asks the same for its files)",
        };
                var recipients = new Option<bool>("--recipients")
        {
            Description = "check instead that each encrypted file's recipients are its creation rule's, and that no two environments of the promotion file share one (no private key needed)",
        };
        var command = new Command("scan", "find plaintext secrets that .sops.yaml rules cover, decrypted copies, and credentials (keys, tokens, plaintext Secrets) in any file") { dir, format, staged, all, flux, recipients };
        command.SetAction(async (r, ct) =>
        {
            if (r.GetValue(recipients)) return await RecipientScan.RunAsync(context, r.GetValue(dir) ?? ".", r.GetValue(GlobalFlags.Config), r.GetValue(format) == "json", ct);
            var scanner = new PlaintextScanner(context.Environment, context.Processes);
            var options = new ScanOptions(
                r.GetValue(staged) || context.Environment.Get("GIT_INDEX_FILE") is not null,
                DecryptedCopies.Suffix(context),
                (name, bytes, t) => TryDecryptAsync(context, name, bytes, t),
                r.GetValue(all),
                r.GetValue(flux));
            var findings = await scanner.ScanAsync(r.GetValue(dir) ?? ".", r.GetValue(GlobalFlags.Config), options, ct);
            var output = r.GetValue(format) == "json" ? Json(findings) : Text(findings);
            await context.Stdout.WriteAsync(output, ct);
            await context.Stdout.FlushAsync(ct);
            return findings.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>What <c>decrypt</c> would print for an encrypted file, or null when no key here opens it.</summary>
    private static async Task<byte[]?> TryDecryptAsync(CliContext context, string name, byte[] bytes, CancellationToken ct)
    {
        var format = FormatRegistry.Create(FormatRegistry.NameForPath(name));
        try
        {
            var decrypted = await SopsFiles.DecryptAsync(context, bytes, name, format, new DecryptOptions(), ct);
            return format.EmitPlain(decrypted.Plain);
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    private static byte[] Text(IReadOnlyList<ScanFinding> findings)
    {
        var sb = new StringBuilder();
        foreach (var f in findings) sb.Append(f.Describe()).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Json(IReadOnlyList<ScanFinding> findings) => ScanJson.Write(findings, (w, f) =>
    {
        w.WriteString("path", f.Path);
        if (f.KeyPath is null) w.WriteNull("keyPath");
        else w.WriteString("keyPath", f.KeyPath);
        if (f.RuleId is not null) w.WriteString("rule", f.RuleId);
        if (f.Line is { } line) w.WriteNumber("line", line);
        w.WriteString("message", f.Describe());
    });
}
