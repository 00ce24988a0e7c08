using System.Text;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// A fake <c>helm</c>: a <c>/bin/sh</c> script in its own bin dir. Each invocation makes one directory under
/// <c>FAKE_HELM_RECORD</c> holding its argv (<c>arg-NNN</c>, byte-exact) and, for every <c>-f</c>/<c>--values</c>/
/// <c>--set-file</c> file it received, the file's path and a copy of its content taken during the call.
/// <c>FAKE_HELM_EXIT</c> sets the exit code, <c>FAKE_HELM_STDOUT</c> text to print, <c>FAKE_HELM_SLEEP</c> makes it
/// write a <c>started</c> marker and then sleep (exec, so a signal to helm's pid reaches the sleep).
/// </summary>
public sealed class FakeHelm : IDisposable
{
    private const string Script = """
        #!/bin/sh
        rec="${FAKE_HELM_RECORD:?FAKE_HELM_RECORD not set}"
        mkdir -p "$rec"
        call=$(mktemp -d "$rec/call-XXXXXX")
        i=0
        for a in "$@"; do
          printf '%s' "$a" > "$call/arg-$(printf %03d $i)"
          i=$((i+1))
        done
        j=0
        save() {
          old_ifs=$IFS; IFS=,
          for item in $1; do
            IFS=$old_ifs
            p=$item
            if [ "$2" = setfile ]; then p=${item#*=}; fi
            printf '%s' "$p" > "$call/path-$(printf %03d $j)"
            if [ -f "$p" ]; then cat "$p" > "$call/file-$(printf %03d $j)"; fi
            j=$((j+1))
            IFS=,
          done
          IFS=$old_ifs
        }
        next=""
        for a in "$@"; do
          if [ -n "$next" ]; then save "$a" "$next"; next=""; continue; fi
          case "$a" in
            -f|--values) next=values ;;
            --set-file) next=setfile ;;
            --values=*) save "${a#--values=}" values ;;
            --set-file=*) save "${a#--set-file=}" setfile ;;
            -f=*) save "${a#-f=}" values ;;
            -f?*) save "${a#-f}" values ;;
          esac
        done
        if [ -n "$FAKE_HELM_STDOUT" ]; then printf '%s' "$FAKE_HELM_STDOUT"; fi
        if [ -n "$FAKE_HELM_SLEEP" ]; then
          : > "$call/started"
          exec sleep "$FAKE_HELM_SLEEP"
        fi
        : > "$call/done"
        exit "${FAKE_HELM_EXIT:-0}"
        """;

    public FakeHelm()
    {
        BinDirectory = Directory.CreateTempSubdirectory("fake-helm-bin-").FullName;
        RecordDirectory = Directory.CreateTempSubdirectory("fake-helm-rec-").FullName;
        HelmPath = Path.Combine(BinDirectory, "helm");
        File.WriteAllText(HelmPath, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(HelmPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string BinDirectory { get; }

    public string RecordDirectory { get; }

    public string HelmPath { get; }

    /// <summary>Environment for a run: HELM_BIN and the record dir, plus the given extras.</summary>
    public Dictionary<string, string?> Environment(int exitCode = 0, string? stdout = null, int? sleepSeconds = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HELM_BIN"] = HelmPath,
            ["FAKE_HELM_RECORD"] = RecordDirectory,
            ["FAKE_HELM_EXIT"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAKE_HELM_STDOUT"] = stdout,
            ["FAKE_HELM_SLEEP"] = sleepSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return env;
    }

    public IReadOnlyList<Invocation> Invocations =>
        Directory.GetDirectories(RecordDirectory, "call-*").Select(Invocation.Read).ToList();

    /// <summary>Waits until an invocation wrote its <c>started</c> marker.</summary>
    public async Task<Invocation> WaitStartedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var dir = Directory.GetDirectories(RecordDirectory, "call-*").FirstOrDefault(d => File.Exists(Path.Combine(d, "started")));
            if (dir is not null) return Invocation.Read(dir);
            await Task.Delay(50);
        }
        throw new TimeoutException("fake helm did not start");
    }

    public void Dispose()
    {
        foreach (var d in new[] { BinDirectory, RecordDirectory })
        {
            try { Directory.Delete(d, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>One recorded helm call.</summary>
    public sealed record Invocation(IReadOnlyList<string> Args, IReadOnlyList<string> ValuePaths, IReadOnlyList<string?> ValueContents)
    {
        public static Invocation Read(string dir)
        {
            static List<string> Files(string dir, string prefix) =>
                Directory.GetFiles(dir, prefix + "*").Order(StringComparer.Ordinal).ToList();
            var args = Files(dir, "arg-").Select(f => File.ReadAllText(f, Encoding.UTF8)).ToList();
            var paths = Files(dir, "path-").Select(f => File.ReadAllText(f, Encoding.UTF8)).ToList();
            var contents = Files(dir, "path-")
                .Select(f => Path.Combine(dir, "file-" + Path.GetFileName(f)["path-".Length..]))
                .Select(f => File.Exists(f) ? File.ReadAllText(f, Encoding.UTF8) : null).ToList();
            return new Invocation(args, paths, contents);
        }
    }
}
