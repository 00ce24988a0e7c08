using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Refs;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// <c>secretskit post-renderer</c> (for <c>helm --post-renderer</c>): reads rendered manifests on stdin, replaces
/// every whole-value <c>ref+…</c> reference with the resolved value and writes the manifests to stdout. Manifests
/// without refs pass through byte-identical; an unresolvable ref fails the render (exit 1) and names the ref. With
/// <c>--seal-session FILE</c> (what <c>secretskit release … --secrets-as sopssecret</c> gives helm), it seals instead: each
/// Secret helm rendered with placeholders becomes a SopsSecret (<see cref="SecretSealer"/>).
/// </summary>
internal static class PostRendererCommand
{
    public static Command Create(CliContext context)
    {
        var session = new Option<string?>("--seal-session")
        {
            Description = "seal the Secrets of a sealed release (the release pipeline passes this, with the session's key in the environment)",
        };
        var command = new Command("post-renderer", "resolve ref+ secret references in rendered manifests (stdin → stdout)") { session };
        command.SetAction((r, ct) => HelmCommand.OwnErrorsExit1(() => r.GetValue(session) is { } file ? SealAsync(context, file, ct) : RunAsync(context, ct)));
        return command;
    }

    /// <summary>
    /// Reads every manifest, resolves, then writes: on any failure nothing reaches stdout (Helm 4 would take a partial
    /// output as the manifests). Helm 4's <c>postrender-filename</c> annotations are ordinary values and pass through.
    /// </summary>
    /// <summary>The sealing of one <c>helm upgrade</c>: stdin sealed with the run's session; nothing on stdout when it fails.</summary>
    private static async Task<int> SealAsync(CliContext context, string file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await context.Stdin.CopyToAsync(buffer, ct);
        var session = SealSession.Read(file, context.Environment.Get(SealSession.KeyVariable), context.Registry);
        var sealedText = await new SecretSealer(context.Engine, session.Table, session.Options).SealAsync(Encoding.UTF8.GetString(buffer.ToArray()), ct);
        await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(sealedText), ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await context.Stdin.CopyToAsync(buffer, ct);
        var input = Encoding.UTF8.GetString(buffer.ToArray());
        var options = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
        var resolver = RefResolver.FromEnvironment(new KeySourceContext(context.Environment, context.Processes, context.Time), context.Engine, options);
        var output = await YamlRefRewriter.RewriteAsync(input, resolver, ct);
        await context.Stdout.WriteAsync(output is null ? buffer.ToArray() : Encoding.UTF8.GetBytes(output), ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }
}
