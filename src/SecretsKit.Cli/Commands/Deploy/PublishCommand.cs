using System.CommandLine;
using System.Text.Json.Nodes;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Flags;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Rules;
using SecretsKit.Cloud.Publish;
using SecretsKit.Core.Config;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>publish [--yes] [--recursive] [--omit-extensions] FILE…</c>, as sops: each file goes where the first matching
/// <c>.sops.yaml</c> <c>destination_rules</c> entry says. S3 and GCS get the encrypted file (re-encrypted with a new data
/// key for the rule's <c>recreation_rule</c> when it names keys); Vault KV gets the decrypted values. Asks before each
/// upload unless <c>--yes</c>. Plaintext stays in memory; nothing is written locally.
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "encrypted files (or directories with --recursive)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "publish without asking" };
        var recursive = new Option<bool>("--recursive") { Description = "publish every file under a directory (object names relative to it)" };
        var omit = new Option<bool>("--omit-extensions") { Description = "drop the file's extension from the published name" };
        var formats = new FormatFlags();
        var decrypt = new DecryptFlags();
        var command = new Command("publish", "publish encrypted files to S3/GCS or their values to Vault (.sops.yaml destination_rules)")
            { files, yes, recursive, omit, decrypt.DecryptionOrder };
        formats.AddTo(command, output: false);
        command.SetAction(async (r, ct) =>
        {
            var run = new PublishRun(context, r, new FileFormats(context, r, formats), decrypt.Read(r, context),
                r.GetValue(yes), r.GetValue(recursive), r.GetValue(omit));
            foreach (var root in r.GetValue(files)!)
            {
                foreach (var (file, name) in Walk(context, root, r.GetValue(recursive))) await run.PublishAsync(file, name, ct);
            }
            return 0;
        });
        return command;
    }

    /// <summary>Each file with its published name: the file name, or with <c>--recursive</c> the path relative to the directory.</summary>
    private static IEnumerable<(string File, string Name)> Walk(CliContext context, string root, bool recursive)
    {
        var full = context.FullPath(root);
        if (!Directory.Exists(full)) return [(root, Path.GetFileName(full))];
        if (!recursive) throw new SecretsKitException(ExitCodes.Generic, $"{root}: can't operate on a directory without --recursive flag.");
        return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.Join(root, Path.GetRelativePath(full, f)), Path.GetRelativePath(full, f).Replace(Path.DirectorySeparatorChar, '/')))
            .ToList();
    }

    private sealed class PublishRun(CliContext context, ParseResult r, FileFormats io, DecryptOptions order, bool yes, bool recursive, bool omit)
    {
        public async Task PublishAsync(string file, string name, CancellationToken ct)
        {
            var location = new ConfigLocator(context.Environment).Locate(r.GetValue(GlobalFlags.Config), file);
            if (!location.Found)
            {
                throw new SecretsKitException(ExitCodes.ConfigFileNotFound, $"{file}: no .sops.yaml found", "publish takes its destinations from .sops.yaml destination_rules");
            }
            var rule = ConfigCache.Load(location.Path!).MatchDestinationRule(file);
            var destination = PublishDestinations.FromRule(rule, context.Environment, context.Time);
            if (omit || rule.OmitExtensions) name = name[..^Path.GetExtension(file).Length];
            if (context.Verbose) context.Info($"{file}: destination_rules[{rule.Index}] → {destination.Describe(name)}");
            var bytes = await InputFile.ReadAsync(file, context, ct);
            var format = io.Input(file);
            var document = SecretFileReader.Parse(bytes, file, format); // refuses a file that is not SOPS-encrypted
            switch (destination)
            {
                case ObjectDestination objects:
                    var contents = rule.RecreationRule is { HasKeys: true } recreation
                        ? await ReencryptAsync(bytes, document, file, format, recreation, ct)
                        : bytes;
                    if (!Confirm(file, destination.Describe(name))) return;
                    await objects.UploadAsync(contents, name, ct);
                    break;
                case VaultDestination vault:
                    var decrypted = await SopsFiles.DecryptAsync(context, bytes, file, format, order, ct);
                    var data = JsonNode.Parse(FormatRegistry.Create("json", new FormatOptions(null, null, null)).EmitPlain(decrypted.Plain)) as JsonObject
                        ?? throw new SecretsKitException(ExitCodes.Generic, $"{file}: Vault takes a mapping of values, not a list or a single value");
                    if (!Confirm(file, destination.Describe(name))) return;
                    if (!await vault.WriteAsync(data, name, ct)) context.Info($"Secret in {destination.Describe(name)} is already up-to-date.");
                    break;
            }
            context.Info($"{file}: published to {destination.Describe(name)}");
        }

        /// <summary>Decrypts and encrypts the values again under the recreation rule's keys (a new data key), printing the key change.</summary>
        private async Task<byte[]> ReencryptAsync(byte[] bytes, EncryptedDocument document, string file, IFormat format, CreationRule rule, CancellationToken ct)
        {
            var groups = KeySpecResolver.Resolve(context.Registry, rule.KeyGroups, new KeyParseOptions(null, rule.AwsProfile));
            var diff = new KeyRewrapper(context.Engine).Preview(document, file, groups, rule.ShamirThreshold);
            if (!diff.IsEmpty)
            {
                context.Stderr.WriteLine($"The following changes will be made to the file's key groups ({file}):");
                foreach (var line in diff.Lines()) context.Stderr.WriteLine(line);
            }
            var decrypted = await SopsFiles.DecryptAsync(context, bytes, file, format, order, ct);
            var settings = new EncryptionSettings(groups, rule.ShamirThreshold, rule.CryptRules, rule.MacOnlyEncrypted);
            var encrypted = await context.Engine.EncryptAsync(decrypted.Plain, settings, ct);
            return encrypted.Emit(format);
        }

        /// <summary>sops's question; <c>n</c> cancels this file (the run goes on with <c>--recursive</c>, else it fails).</summary>
        private bool Confirm(string file, string target)
        {
            if (yes) return true;
            if (!context.CanAsk)
            {
                throw new SecretsKitException(ExitCodes.Generic, "publish asks before each upload but there is no terminal to ask on", "pass --yes to publish without asking");
            }
            string? answer;
            do
            {
                context.Stderr.Write($"uploading {context.FullPath(file)} to {target} ? (y/n): ");
                context.Stderr.Flush();
                answer = context.ReadLine()?.Trim();
                if (answer is null) throw new SecretsKitException(ExitCodes.Generic, $"Publication of {context.FullPath(file)} canceled (no answer)");
            }
            while (answer is not ("y" or "n"));
            if (answer == "y") return true;
            if (!recursive) throw new SecretsKitException(ExitCodes.Generic, $"Publication of {context.FullPath(file)} canceled");
            context.Info($"Publication of {context.FullPath(file)} canceled");
            return false;
        }
    }
}
