using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>keygen [--pq] [-o file]</c>: a new age key pair in keys.txt format (X25519, or with <c>--pq</c> the post-quantum
/// ML-KEM-768 + X25519 hybrid, as <c>age-keygen -pq</c>); with <c>-o</c> the public key is also printed to stderr.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string?>("--output", "-o") { Description = "write the identity to this file (mode 0600; refuses to overwrite)" };
        var pq = new Option<bool>("--pq") { Description = "generate a post-quantum hybrid ML-KEM-768 + X25519 key pair (age1pq1…)" };
        var command = new Command("keygen", "generate an age key pair (keys.txt format)") { output, pq };
        command.SetAction(async (r, ct) =>
        {
            var generated = new AgeKeyGenerator(context.Time).Generate(r.GetValue(pq));
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
