using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;

using static SecretsKit.Cli.Tests.EditSandbox;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// The seeded fuzz slice of <c>secretskit edit</c> (the real process) with editors that misbehave, one behaviour per seed:
/// the buffer replaced by a <see cref="YamlMutator"/> mutation of the plaintext (with or without a failing exit), an
/// empty or blank buffer, the file deleted, replaced by a directory, a link to <c>/dev/zero</c> or a FIFO, a 3-million-line
/// output, and <c>secretskit</c> signalled (INT, TERM, HUP, QUIT, USR1, USR2, ALRM) while the editor is open. Each case
/// must end within 60 s with a documented exit code (a signal's own), print no stack trace, internal error or secret
/// value, leave the encrypted file either untouched or re-encrypted and decryptable, and leave no plaintext temp dir.
/// The campaign: bench/fuzz-targets.sh.
/// </summary>
public sealed class EditFuzzTests
{
    private const int CiSeeds = 26;

    private const string Plain = "db:\n    password: hunter1\n    port: 5432\nlist:\n    - a\n    - b\nanchor: &x {k: v}\nref: *x\n";

    private static readonly string[] Behaviours =
    [
        "mutate", "mutate", "mutate", "mutate and fail", "empty", "blank", "delete", "directory", "zero", "fifo", "huge",
        "signal INT", "signal TERM", "signal QUIT", "signal USR1", "signal ALRM", "signal HUP", "signal USR2",
    ];

    /// <summary>The exit codes sops documents (<see cref="ExitCodes"/>).</summary>
    private static readonly HashSet<int> Documented = [.. typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!), 0];

    [Fact]
    public async Task Misbehaving_editors_and_signals_never_lose_the_file_leak_plaintext_or_crash()
    {
        using var dir = new TempDir();
        var original = File.ReadAllBytes(await EncryptAsync(dir, Plain));
        var report = await FuzzCampaign.RunAsync(CiSeeds, seed => CheckAsync(original, seed));
        Assert.True(report is null, report);
    }

    private static async Task<string?> CheckAsync(byte[] original, int seed)
    {
        using var dir = new TempDir();
        var path = dir.File("secrets.yaml");
        File.WriteAllBytes(path, original);
        var marker = dir.File("opened");
        var behaviour = Behaviours[seed % Behaviours.Length];
        var (buffer, classes) = YamlMutator.Mutate(Plain, seed);
        var bufferFile = dir.File("buffer");
        File.WriteAllBytes(bufferFile, buffer);
        var action = behaviour switch
        {
            "mutate" => $"cat '{bufferFile}' > \"$1\"",
            "mutate and fail" => $"cat '{bufferFile}' > \"$1\"; exit 3",
            "empty" => ": > \"$1\"",
            "blank" => "printf '  \\n\\t\\n' > \"$1\"",
            "delete" => "rm -f \"$1\"",
            "directory" => "rm -f \"$1\" && mkdir \"$1\"",
            "zero" => "rm -f \"$1\" && ln -s /dev/zero \"$1\"",
            "fifo" => "rm -f \"$1\" && mkfifo \"$1\"",
            "huge" => "yes 'k: v' | head -n 3000000 > \"$1\"",
            _ => "exec sleep 60",
        };
        var what = behaviour.StartsWith("mutate", StringComparison.Ordinal) ? $"{behaviour}: {classes}" : behaviour;
        var editor = Editor(dir, $"echo \"$1\" > '{marker}'\n{action}");
        var clock = Stopwatch.StartNew();
        int exitCode;
        string stderr;
        if (behaviour.StartsWith("signal ", StringComparison.Ordinal))
        {
            using var process = StartEdit(path, editor);
            var errors = process.StandardError.ReadToEndAsync();
            await WaitForTextAsync(marker);
            await ProcessRun.RunAsync("kill", ["-" + behaviour["signal ".Length..], process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return $"({what}) no exit within 60 s of the signal";
            }
            exitCode = process.ExitCode;
            stderr = await errors;
        }
        else
        {
            try
            {
                var r = await CliRunner.RunAsync(["edit", path], With(editor), timeout: TimeSpan.FromSeconds(60));
                (exitCode, stderr) = (r.ExitCode, r.Stderr);
            }
            catch (TimeoutException)
            {
                return $"({what}) no answer within 60 s";
            }
        }
        what = $"({what}) exit {exitCode} after {clock.ElapsedMilliseconds} ms";
        if (!behaviour.StartsWith("signal ", StringComparison.Ordinal) && !Documented.Contains(exitCode)) return $"{what}: not a documented exit code: {Echo.Bounded(stderr, 300)}";
        if (FuzzCampaign.OutputProblem(stderr) is { } problem) return $"{what}: {problem}: {Echo.Bounded(stderr, 300)}";
        if (stderr.Contains("hunter1", StringComparison.Ordinal)) return $"{what}: the secret value is in stderr";
        if (File.Exists(marker) && Path.GetDirectoryName(File.ReadAllText(marker).Trim()) is { } temp && Directory.Exists(temp))
        {
            return $"{what}: the plaintext temp dir {temp} survived";
        }
        if (exitCode != 0) return File.ReadAllBytes(path).SequenceEqual(original) ? null : $"{what}: the file changed though edit failed";
        var decrypted = await CliRunner.RunAsync(["decrypt", path], AgeEnv);
        return decrypted.ExitCode == 0 ? null : $"{what}: edit succeeded but the file does not decrypt (exit {decrypted.ExitCode}: {Echo.Bounded(decrypted.Stderr, 300)})";
    }
}
