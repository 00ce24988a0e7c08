using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands;

/// <summary><c>keygen [-o file]</c>: a new age key pair in keys.txt format; the public key is also printed to stderr.</summary>
internal static class KeygenCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string?>("--output", "-o") { Description = "write the identity to this file (mode 0600; refuses to overwrite)" };
        var command = new Command("keygen", "generate an age key pair (keys.txt format)") { output };
        command.SetAction(async (r, ct) =>
        {
            var generated = new AgeKeyGenerator(context.Time).Generate();
            var text = Encoding.UTF8.GetBytes(generated.KeysFileText);
            if (r.GetValue(output) is { } path)
            {
                var full = context.FullPath(path);
                if (File.Exists(full))
                {
                    throw new SecretsKitException(ExitCodes.CouldNotWriteOutputFile, $"{path} already exists; not overwriting an identity file");
                }
                context.WriteFile(full, text, AtomicFile.PrivateMode);
                context.Stderr.WriteLine($"Public key: {generated.Recipient}");
            }
            else
            {
                await context.Stdout.WriteAsync(text, ct);
            }
            return 0;
        });
        return command;
    }
}
