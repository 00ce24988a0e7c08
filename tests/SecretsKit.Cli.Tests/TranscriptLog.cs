using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Appends every CLI invocation of this test process (args, stdout, stderr) to one file in the transcript directory
/// (<c>SECRETSKIT_TEST_TRANSCRIPTS</c>, else <c>$TMPDIR/secretskit-transcripts/&lt;run-id&gt;/</c>), for
/// <c>scripts/check-transcripts.sh</c> to grep for secret values after the suite. Entries whose output legitimately
/// holds plaintext are marked by <see cref="ExemptionFor"/>; the checker skips only those.
/// </summary>
internal static class TranscriptLog
{
    public const string EnvironmentVariable = "SECRETSKIT_TEST_TRANSCRIPTS";
    public const string Marker = "@@@ ";

    /// <summary>Verbs whose purpose is to hand plaintext to the caller (or to a child process / editor that may print it).</summary>
    private static readonly HashSet<string> PlaintextVerbs = new(StringComparer.Ordinal)
    {
        "decrypt", "view", "edit", "exec-env", "exec-file", "downloader", "post-renderer",
    };

    /// <summary>Flags that ask for plaintext on any verb (legacy sops <c>-d</c>, the diff's <c>--show-secrets</c>).</summary>
    private static readonly HashSet<string> PlaintextFlags = new(StringComparer.Ordinal)
    {
        "-d", "--decrypt", "--show-secrets", "--show-secrets-decoded",
    };

    /// <summary>Global options that take a value (skipped when finding the verb).</summary>
    private static readonly HashSet<string> GlobalOptionsWithValue = new(StringComparer.Ordinal) { "--config", "--indent" };

    private static readonly object Gate = new();
    private static readonly Lazy<string> FilePath = new(CreateFile);
    private static int _entries;

    /// <summary>
    /// Why an invocation may print plaintext, or null when it must not: its verb (first non-option argument) is one of
    /// <see cref="PlaintextVerbs"/>; or an argument is one of <see cref="PlaintextFlags"/>; or it is
    /// <c>helm … secrets decrypt|dec|view</c> (the helm-secrets plugin verbs run through the wrapper).
    /// </summary>
    public static string? ExemptionFor(IReadOnlyList<string> args)
    {
        var verb = Verb(args);
        if (verb is not null && PlaintextVerbs.Contains(verb)) return verb;
        var flag = args.TakeWhile(a => a != "--").FirstOrDefault(PlaintextFlags.Contains);
        if (flag is not null) return flag;
        if (verb == "helm")
        {
            for (var i = 0; i + 1 < args.Count; i++)
            {
                if (args[i] == "secrets" && args[i + 1] is "decrypt" or "dec" or "view") return "helm secrets " + args[i + 1];
            }
        }
        return null;
    }

    /// <summary>This process's transcript file (created on first use).</summary>
    public static string CurrentFile => FilePath.Value;

    public static void Append(IReadOnlyList<string> args, string stdout, string stderr)
    {
        lock (Gate)
        {
            File.AppendAllText(FilePath.Value, Format(++_entries, args, stdout, stderr));
        }
    }

    /// <summary>One entry as the checker reads it: marker lines around the args, stdout and stderr.</summary>
    public static string Format(int entry, IReadOnlyList<string> args, string stdout, string stderr)
    {
        var exemption = ExemptionFor(args);
        return new StringBuilder()
            .Append(Marker).Append(CultureInfo.InvariantCulture, $"secretskit-transcript entry={entry} exempt={exemption?.Replace(' ', '_') ?? "no"} verb={Verb(args) ?? "-"}\n")
            .Append(Marker).Append("args ").Append(string.Join(' ', args).Replace('\n', ' ')).Append('\n')
            .Append(Marker).Append("stdout\n").Append(stdout).Append(stdout.EndsWith('\n') || stdout.Length == 0 ? "" : "\n")
            .Append(Marker).Append("stderr\n").Append(stderr).Append(stderr.EndsWith('\n') || stderr.Length == 0 ? "" : "\n")
            .Append(Marker).Append(CultureInfo.InvariantCulture, $"end entry={entry}\n")
            .ToString();
    }

    private static string? Verb(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (GlobalOptionsWithValue.Contains(args[i]))
            {
                i++;
                continue;
            }
            if (!args[i].StartsWith('-')) return args[i];
        }
        return null;
    }

    private static string CreateFile()
    {
        var directory = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "secretskit-transcripts",
                DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var name = $"{typeof(TranscriptLog).Assembly.GetName().Name}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.transcript";
        var path = Path.Combine(directory, name);
        using (new FileStream(path, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
        }
        return path;
    }
}
