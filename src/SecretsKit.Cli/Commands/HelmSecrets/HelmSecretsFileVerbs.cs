using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// helm-secrets' file verbs on top of SecretsKit's own commands: <c>decrypt</c> (stdout byte-identical to
/// <c>sops decrypt</c>, which helmfile captures), <c>encrypt</c> and <c>edit</c> (run from the file's directory with the
/// bare name, as helm-secrets runs sops, so <c>.sops.yaml</c> rules match the same way), and the 3.x <c>view</c> and
/// <c>enc</c>.
/// </summary>
internal static class HelmSecretsFileVerbs
{
    public static async Task<int> RunAsync(CliContext context, HelmSecretsPluginOptions options, string verb, IReadOnlyList<string> args, CancellationToken ct)
    {
        var inPlace = args.Any(a => a is "-i" or "--in-place");
        var terraform = verb == "decrypt" && args.Contains("--terraform");
        var files = args.Where(a => a is not ("-i" or "--in-place" or "--terraform")).ToList();
        if (files.Count != 1 || files[0].StartsWith('-'))
        {
            context.Stderr.WriteLine($"usage: helm secrets {verb}{(verb == "edit" ? "" : " [-i]")}{(verb == "decrypt" ? " [--terraform]" : "")} FILE");
            return 1;
        }
        var file = files[0];
        if (verb == "decrypt" && !inPlace && RemoteValueFile.IsHttp(file)) return await DecryptRemoteAsync(context, options, file, terraform, ct);
        if (file.Contains("://", StringComparison.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"remote files are not supported by `helm secrets {verb}{(inPlace ? " -i" : "")}`: {RemoteValueFile.Redact(file)}",
                "fetch the file first, or use it as a value file: `helm … -f secrets://…` or `helm secrets <cmd> … -f FILE`");
        }
        var full = context.FullPath(file);
        var backend = options.Backend;
        var sops = options.BackendArgs;
        if (verb == "edit")
        {
            if (backend.Kind == HelmSecretsBackendKind.Sops) return await context.CommandLine.RunAsync(["edit", .. sops, Path.GetFileName(full)], InDirectoryOf(context, full));
            throw new SecretsKitException(ExitCodes.Generic, $"{backend.Kind.ToString().ToLowerInvariant()}: Editing files is not supported!");
        }
        if (!File.Exists(full)) throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {file}");
        if (backend.Kind != HelmSecretsBackendKind.Sops)
        {
            if (verb == "encrypt") throw HelmSecretsBackendRunner.EncryptNotSupported();
            return await WritePlainAsync(context, await HelmSecretsBackendRunner.DecryptFileAsync(context, backend, full, "yaml", ct), inPlace ? full : null, terraform, ct);
        }
        var bytes = BoundedInput.ReadFile(full, full);
        var type = DetectType(bytes, full);
        var encrypted = SopsFileProbe.IsEncrypted(bytes, type);
        if (verb == "encrypt")
        {
            if (encrypted) throw new SecretsKitException(ExitCodes.Generic, $"Already encrypted: {file}");
            return await context.CommandLine.RunAsync(inPlace ? ["encrypt", .. sops, "-i", Path.GetFileName(full)] : ["encrypt", .. sops, Path.GetFileName(full)], InDirectoryOf(context, full));
        }
        if (!encrypted) throw new SecretsKitException(ExitCodes.Generic, $"File is not encrypted: {file}");
        string[] decrypt = inPlace ? ["decrypt", .. sops, "--input-type", type, "--output-type", type, "-i", full] : ["decrypt", .. sops, "--input-type", type, "--output-type", type, full];
        using var plain = new MemoryStream();
        var code = await context.CommandLine.RunAsync(decrypt, terraform ? HelmSecretsPluginCommand.Overlay(context, new Dictionary<string, string?>(), stdout: plain) : context);
        // helm-secrets' own last line after sops's error: with several files it names the one that failed
        if (code != 0) throw new SecretsKitException(code, $"Error while decrypting file: {file}");
        if (!terraform) return 0;
        var json = $"{{\"content_base64\":\"{Convert.ToBase64String(plain.GetBuffer(), 0, (int)plain.Length)}\"}}\n";
        await context.Stdout.WriteAsync(Encoding.UTF8.GetBytes(json), ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }

    /// <summary>A non-sops backend's plaintext: to stdout, back into the file (<c>-i</c>) or as Terraform's JSON.</summary>
    private static async Task<int> WritePlainAsync(CliContext context, byte[] plain, string? inPlace, bool terraform, CancellationToken ct)
    {
        if (inPlace is not null)
        {
            context.WriteFile(inPlace, plain);
            return 0;
        }
        var output = terraform ? Encoding.UTF8.GetBytes($"{{\"content_base64\":\"{Convert.ToBase64String(plain)}\"}}\n") : plain;
        await context.Stdout.WriteAsync(output, ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }

    /// <summary>
    /// <c>decrypt http(s)://…</c>: the ciphertext is fetched (see <see cref="RemoteValueFile"/>) into a private temp dir
    /// under its own file name (for type detection) and decrypted from there to stdout.
    /// </summary>
    private static async Task<int> DecryptRemoteAsync(CliContext context, HelmSecretsPluginOptions options, string url, bool terraform, CancellationToken ct)
    {
        byte[] content;
        try
        {
            content = await RemoteValueFile.FetchAsync(url, context.Environment, ct);
        }
        catch (SecretsKitException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {RemoteValueFile.Redact(url)}");
        }
        using var temp = PrivateTempDirectory.Create("secretskit-remote-");
        var name = RemoteValueFile.FileName(url);
        var local = temp.WriteFile(name.Length > 0 ? name : "values.yaml", content);
        try
        {
            return await RunAsync(context, options, "decrypt", terraform ? ["--terraform", local] : [local], ct);
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, e.Message.Replace(local, RemoteValueFile.Redact(url), StringComparison.Ordinal), e.Hint, e);
        }
    }

    /// <summary>3.x <c>view FILE…</c>: prints each file decrypted; a file that is not encrypted is printed as it is.</summary>
    public static async Task<int> ViewAsync(CliContext context, HelmSecretsPluginOptions options, IReadOnlyList<string> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            context.Stderr.WriteLine("usage: helm secrets view FILE");
            return 1;
        }
        foreach (var file in files)
        {
            var full = context.FullPath(file);
            if (!File.Exists(full)) throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {file}");
            var bytes = BoundedInput.ReadFile(full, full);
            if (SopsFileProbe.IsEncrypted(bytes, DetectType(bytes, full)))
            {
                var code = await RunAsync(context, options, "decrypt", [file], ct);
                if (code != 0) return code;
            }
            else
            {
                await context.Stdout.WriteAsync(bytes, ct);
            }
        }
        await context.Stdout.FlushAsync(ct);
        return 0;
    }

    /// <summary>
    /// 3.x <c>enc FILE…</c>: when <c>&lt;dir&gt;/&lt;prefix&gt;&lt;name&gt;&lt;suffix&gt;</c> (default <c>FILE.dec</c>) exists, its content is
    /// encrypted into FILE (read into memory and passed on stdin, never copied); otherwise FILE is encrypted in place.
    /// </summary>
    public static async Task<int> EncAsync(CliContext context, IReadOnlyList<string> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            context.Stderr.WriteLine("usage: helm secrets enc FILE");
            return 1;
        }
        foreach (var file in files)
        {
            var full = context.FullPath(file);
            var dec = Path.Combine(Path.GetDirectoryName(full)!, (context.Environment.Get("HELM_SECRETS_DEC_PREFIX") ?? "") + Path.GetFileName(full)
                                                                  + DecryptedCopies.Suffix(context));
            int code;
            if (File.Exists(dec))
            {
                context.Stderr.WriteLine($"Encrypting {file}");
                var plain = new MemoryStream(await File.ReadAllBytesAsync(dec, ct));
                var dir = InDirectoryOf(context, full);
                var withStdin = new CliContext(dir.Environment, dir.Processes, dir.Time, plain, dir.Stdout, dir.Stderr) { HelmSecretsVoice = dir.HelmSecretsVoice, CommandLine = dir.CommandLine };
                code = await context.CommandLine.RunAsync(["encrypt", "--filename-override", Path.GetFileName(full), "--output", Path.GetFileName(full)], withStdin);
                if (code == 0) context.Stderr.WriteLine($"Encrypted {Path.GetFileName(dec)} to {Path.GetFileName(full)}");
            }
            else
            {
                if (!File.Exists(full)) throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {file}");
                code = await context.CommandLine.RunAsync(["enc", Path.GetFileName(full)], InDirectoryOf(context, full));
            }
            if (code != 0) return code;
        }
        return 0;
    }

    /// <summary>
    /// The sops type of a file: binary when it holds a sops binary document (<c>"data": "ENC[</c>), else the type of a
    /// known extension, else (helmfile's <c>.yaml.enc</c> temp files) yaml when a line is <c>sops:</c> and json otherwise.
    /// </summary>
    public static string DetectType(byte[] content, string path)
    {
        var text = Encoding.UTF8.GetString(content);
        if (text.Contains("\"data\": \"ENC[", StringComparison.Ordinal)) return "binary";
        var byName = FormatRegistry.NameForPath(path);
        if (byName != "binary") return byName;
        return text.Split('\n').Any(l => l.TrimEnd('\r') == "sops:") ? "yaml" : "json";
    }

    private static CliContext InDirectoryOf(CliContext context, string fullPath) =>
        HelmSecretsPluginCommand.Overlay(context, new Dictionary<string, string?>(), Path.GetDirectoryName(fullPath));
}
