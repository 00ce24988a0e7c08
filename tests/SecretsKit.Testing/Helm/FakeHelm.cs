using System.Text;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// A fake <c>helm</c> for what the real one (<see cref="RealHelm"/>) cannot do here: commands that need a cluster
/// (upgrade, install, test, rollback, status, get, history, uninstall, diff) and fault injection (exit codes, hangs,
/// recording exactly what helm was given). A <c>/bin/sh</c> script in its own bin dir. Each invocation makes one directory under
/// <c>FAKE_HELM_RECORD</c> holding its argv (<c>arg-NNN</c>, byte-exact) and, for every <c>-f</c>/<c>--values</c>/
/// <c>--set-file</c> file it received, the file's path and a copy of its content taken during the call.
/// <c>FAKE_HELM_EXIT</c> sets the exit code, <c>FAKE_HELM_STDOUT</c> text to print, <c>FAKE_HELM_SLEEP</c> makes it
/// write a <c>started</c> marker and then sleep (exec, so a signal to helm's pid reaches the sleep).
/// <para>
/// With <c>FAKE_HELM_STATE</c> (a directory) it also keeps releases there, like a tiny cluster: <c>upgrade --install</c>
/// stores a new revision with the manifest it renders, <c>get manifest</c>, <c>history -o json</c>, <c>status -o json</c>,
/// <c>rollback NAME REV</c>, <c>uninstall</c> and <c>test</c> work on that state (an absent release: exit 1,
/// "Error: release: not found"), and every call appends one line to <c>calls.log</c> (the order of calls).
/// <c>FAKE_HELM_FAIL_TEST=&lt;release&gt;</c> fails its <c>helm test</c>; <c>FAKE_HELM_FAIL_LINT=&lt;chart path or chart
/// dir name&gt;</c> fails <c>helm lint</c> of that chart (lint gets no release name). In this mode FAKE_HELM_EXIT/STDOUT are ignored.
/// </para>
/// <para>
/// The rendering is FAKE, only deterministic in its inputs: each <c>templates/*.yaml</c> of the chart with
/// <c>{{ .Release.Name }}</c>/<c>{{ .Release.Namespace }}</c> substituted, any other whole-line template action replaced
/// by a comment and any other inline action by the word <c>fake</c>; then a ConfigMap <c>&lt;release&gt;-fake-values</c>
/// holding the content of every values file and every <c>--set</c> in order — so any values change changes the
/// rendering, and decrypted secrets do reach the rendered output (redaction gets exercised).
/// </para>
/// </summary>
public sealed class FakeHelm : IDisposable
{
    /// <summary>The script itself: <c>fake-helm.sh</c> next to this file, embedded (bench/run.sh copies the same file).</summary>
    private static string Script()
    {
        using var stream = typeof(FakeHelm).Assembly.GetManifestResourceStream("SecretsKit.Testing.Helm.fake-helm.sh")
            ?? throw new InvalidOperationException("fake-helm.sh is not embedded in SecretsKit.Testing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public FakeHelm()
    {
        BinDirectory = Directory.CreateTempSubdirectory("fake-helm-bin-").FullName;
        RecordDirectory = Directory.CreateTempSubdirectory("fake-helm-rec-").FullName;
        StateDirectory = Directory.CreateTempSubdirectory("fake-helm-state-").FullName;
        HelmPath = Path.Combine(BinDirectory, "helm");
        File.WriteAllText(HelmPath, Script().Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(HelmPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string BinDirectory { get; }

    public string RecordDirectory { get; }

    public string HelmPath { get; }

    /// <summary>The release state of the stateful mode (<c>FAKE_HELM_STATE</c>).</summary>
    public string StateDirectory { get; }

    /// <summary>Stateful-mode calls in order: <c>"upgrade ns/name"</c>, <c>"get-manifest ns/name"</c>, <c>"rollback ns/name REV"</c>, <c>"lint CHART"</c>, ….</summary>
    public IReadOnlyList<string> Calls =>
        File.Exists(Path.Combine(StateDirectory, "calls.log"))
            ? File.ReadAllLines(Path.Combine(StateDirectory, "calls.log")).Where(l => l.Length > 0).ToList()
            : [];

    /// <summary>The current revision of a release in the stateful mode, null when it is not installed.</summary>
    public int? Revision(string ns, string name)
    {
        var file = Path.Combine(StateDirectory, "releases", ns, name, "current");
        return File.Exists(file) ? int.Parse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The manifest stored for a revision of a release (stateful mode).</summary>
    public string Manifest(string ns, string name, int revision) =>
        File.ReadAllText(Path.Combine(StateDirectory, "releases", ns, name, $"manifest-{revision}"));

    /// <summary>Environment for a run: HELM_BIN and the record dir, plus the given extras.</summary>
    public Dictionary<string, string?> Environment(int exitCode = 0, string? stdout = null, int? sleepSeconds = null, bool stateful = false)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HELM_BIN"] = HelmPath,
            ["FAKE_HELM_RECORD"] = RecordDirectory,
            ["FAKE_HELM_EXIT"] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAKE_HELM_STDOUT"] = stdout,
            ["FAKE_HELM_SLEEP"] = sleepSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FAKE_HELM_STATE"] = stateful ? StateDirectory : null,
            ["FAKE_HELM_FAIL_TEST"] = null,
            ["FAKE_HELM_FAIL_LINT"] = null,
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
        foreach (var d in new[] { BinDirectory, RecordDirectory, StateDirectory })
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
