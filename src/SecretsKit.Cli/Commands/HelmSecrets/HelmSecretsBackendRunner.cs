using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// Decryption by the backends that are not SecretsKit's core: <c>noop</c> (the bytes as they are), a custom backend
/// script (run by <c>sh</c> as helm-secrets runs it, see <see cref="HelmSecretsCustomBackendScripts"/>) and <c>vals</c>
/// (the <c>vals</c> binary, <c>HELM_SECRETS_VALS_PATH</c>). Plaintext only travels over pipes; the scripts' scratch
/// files live in a private 0700 directory removed when the run ends.
/// </summary>
internal static class HelmSecretsBackendRunner
{
    /// <summary>The plaintext of <paramref name="fullPath"/> by a non-sops backend.</summary>
    public static Task<byte[]> DecryptFileAsync(CliContext context, HelmSecretsBackend backend, string fullPath, string type, CancellationToken ct) =>
        backend.Kind switch
        {
            HelmSecretsBackendKind.Noop => File.ReadAllBytesAsync(fullPath, ct),
            HelmSecretsBackendKind.Custom => RunCustomAsync(context, backend, ["decrypt-file", type, fullPath], ct),
            HelmSecretsBackendKind.Vals => RunValsAsync(context, ["eval", "-f", fullPath, "-o", type == "json" ? "json" : "yaml"], fullPath, ct),
            _ => throw new InvalidOperationException("the sops backend is SecretsKit's core"),
        };

    /// <summary>A <c>secrets+literal://</c> value by a non-sops backend.</summary>
    public static async Task<byte[]> DecryptLiteralAsync(CliContext context, HelmSecretsBackend backend, string literal, CancellationToken ct) =>
        backend.Kind switch
        {
            HelmSecretsBackendKind.Noop => Encoding.UTF8.GetBytes(literal),
            HelmSecretsBackendKind.Custom => await RunCustomAsync(context, backend, ["decrypt-literal", literal], ct),
            HelmSecretsBackendKind.Vals => await RunValsAsync(context, ["get", literal], "literal value", ct),
            _ => throw new InvalidOperationException("the sops backend is SecretsKit's core"),
        };

    /// <summary>Refuses encryption as helm-secrets' noop, custom and vals backends do.</summary>
    public static SecretsKitException EncryptNotSupported() => new(ExitCodes.Generic, "Encrypting files is not supported!");

    private static async Task<byte[]> RunCustomAsync(CliContext context, HelmSecretsBackend backend, string[] operation, CancellationToken ct)
    {
        using var dir = PrivateTempDirectory.Create("secretskit-backend-");
        Directory.CreateDirectory(Path.Combine(dir.Path, "lib", "backends"));
        dir.WriteFile(Path.Combine("lib", "backends", "_custom.sh"), Encoding.UTF8.GetBytes(HelmSecretsCustomBackendScripts.Base));
        var run = dir.WriteFile("run.sh", Encoding.UTF8.GetBytes(HelmSecretsCustomBackendScripts.Run));
        var env = new Dictionary<string, string>(context.Environment.Variables, StringComparer.Ordinal) { ["HELM_SECRETS_SCRIPT_DIR"] = dir.Path };
        var result = await context.Processes.RunAsync(new ProcessSpec("sh", [run, backend.Name, .. operation], null, env, context.Environment.CurrentDirectory), ct);
        if (result.StandardError.Length > 0) await context.Stderr.WriteAsync(result.StandardError);
        if (result.ExitCode != 0) throw new SecretsKitException(ExitCodes.Generic, $"Error while decrypting file: {operation[^1]}");
        return result.StandardOutput;
    }

    private static async Task<byte[]> RunValsAsync(CliContext context, string[] args, string shown, CancellationToken ct)
    {
        var vals = context.Environment.Get("HELM_SECRETS_VALS_PATH") ?? context.Environment.Get("HELM_SECRETS_VALS_BIN") ?? "vals";
        ProcessResult result;
        try
        {
            result = await context.Processes.RunAsync(new ProcessSpec(vals, args, null, null, context.Environment.CurrentDirectory), ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            await context.Stderr.WriteLineAsync($"{vals}: not found");
            throw new SecretsKitException(ExitCodes.Generic, $"Error while decrypting file: {shown}");
        }
        if (result.StandardError.Length > 0) await context.Stderr.WriteAsync(result.StandardError);
        if (result.ExitCode != 0) throw new SecretsKitException(ExitCodes.Generic, $"Error while decrypting file: {shown}");
        return result.StandardOutput;
    }
}
