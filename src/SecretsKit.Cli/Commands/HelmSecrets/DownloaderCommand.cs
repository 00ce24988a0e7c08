using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// <c>secretskit downloader [certFile keyFile caFile] secrets://path</c>: helm's getter protocol (the URL is the last
/// argument). Prints the decrypted file to stdout and writes nothing to disk; a plain file is passed through; a
/// <c>secrets://?path</c> that does not exist prints nothing.
/// </summary>
internal static class DownloaderCommand
{
    public static Command Create(CliContext context)
    {
        var args = new Argument<string[]>("cert-key-ca-url") { Arity = new ArgumentArity(1, 4), Description = "helm passes certFile keyFile caFile URL; only the URL (last) is used" };
        var command = new Command("downloader", "helm getter for secrets:// value files: plaintext to stdout, nothing on disk") { args };
        command.SetAction((r, ct) => HelmCommand.OwnErrorsExit1(async () =>
        {
            var url = r.GetValue(args)![^1];
            var spec = ValueFileSpec.Parse(url);
            if (spec.Remote) throw new SecretsKitException(ExitCodes.Generic, $"unsupported URL scheme: {url}", "use secrets://<path>");
            var path = context.FullPath(spec.Path);
            if (!File.Exists(path))
            {
                if (spec.Optional) return 0;
                throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {spec.Path}", "prefix the path with ? to make it optional");
            }
            var content = await File.ReadAllBytesAsync(path, ct);
            var options = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
            byte[] plain;
            try
            {
                plain = await SopsFileProbe.TryDecryptAsync(context.Engine, options, content, path, ct) ?? content;
            }
            catch (SecretsKitException e)
            {
                // Helm 4 never shows the getter's URL: with several -f files the file name is the user's only clue
                throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {spec.Path}: {e.Message}", e.Hint, e);
            }
            await context.Stdout.WriteAsync(plain, ct);
            await context.Stdout.FlushAsync(ct);
            return 0;
        }));
        return command;
    }
}
