using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm.Helm4;

/// <summary>
/// Runs a loaded plugin the way Helm 4.2.4 invokes its type (read from Helm's source; the real Helm 4.1.4 runs them in
/// <see cref="RealHelm4Tests"/>). <paramref name="env"/> in
/// each method is helm's own process environment (its settings variables included); the plugin's variables are
/// added as Helm adds them.
/// </summary>
internal static partial class Helm4Invoker
{
    /// <summary>
    /// cli/v1: <c>helm &lt;usage word&gt; ARGS…</c> runs the platform command (first word env-expanded, looked up on PATH
    /// by exec.Command) with its args env-expanded, then the user's args; stdin/stdout/stderr are helm's
    /// (pkg/cmd/load_plugins.go, internal/plugin/runtime_subprocess.go, internal/plugin/subprocess_commands.go).
    /// </summary>
    public static Task<ProcessRun.Result> RunCliAsync(Helm4Plugin plugin, IReadOnlyList<string> userArgs,
        IDictionary<string, string?> env, string cwd, byte[]? stdin = null)
    {
        Require(plugin, "cli/v1");
        var pluginEnv = WithPluginVariables(plugin, env);
        var (main, args) = Prepare(plugin.PlatformCommand, expandArgs: true, userArgs, pluginEnv);
        return ProcessRun.RunAsync(LookPath(main, pluginEnv, cwd), args, pluginEnv, stdin, cwd, TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// getter/v1: the first <c>protocolCommands</c> entry listing the URL's scheme; its command (first word
    /// env-expanded, args not) is JOINED TO THE PLUGIN DIRECTORY; argv = words + args + certFile keyFile caFile URL
    /// (empty strings for <c>-f</c> value files); stdout is the content, stderr passes through, no stdin
    /// (internal/plugin/runtime_subprocess_getter.go runGetter, pkg/getter/plugingetter.go).
    /// </summary>
    public static Task<ProcessRun.Result> RunGetterAsync(Helm4Plugin plugin, string url, IDictionary<string, string?> env, string cwd,
        string certFile = "", string keyFile = "", string caFile = "")
    {
        Require(plugin, "getter/v1");
        var scheme = url[..url.IndexOf("://", StringComparison.Ordinal)];
        if (!plugin.Protocols.Contains(scheme)) throw new Helm4LoadException($"scheme {scheme} is not in config.protocols (pkg/getter/plugingetter.go collectGetterPlugins)");
        var entry = plugin.ProtocolCommands.FirstOrDefault(c => c.Protocols.Contains(scheme))
                    ?? throw new Helm4LoadException($"no downloader found for protocol {scheme} (internal/plugin/runtime_subprocess_getter.go)");
        var pluginEnv = WithPluginVariables(plugin, env);
        pluginEnv["HELM_PLUGIN_USERNAME"] = "";
        pluginEnv["HELM_PLUGIN_PASSWORD"] = "";
        pluginEnv["HELM_PLUGIN_PASS_CREDENTIALS_ALL"] = "false";
        var (main, args) = Prepare(entry.PlatformCommand, expandArgs: false, [certFile, keyFile, caFile, url], pluginEnv);
        return ProcessRun.RunAsync(GoJoin(plugin.Directory, main), args, pluginEnv, null, cwd, TimeSpan.FromSeconds(120));
    }

    /// <summary>
    /// postrenderer/v1: <c>--post-renderer NAME</c> runs the platform command (looked up on PATH) with its args and each
    /// <c>--post-renderer-args</c>; the environment is helm's plus HELM_PLUGIN_NAME/DIR only; the manifests go to stdin,
    /// stdout must not be empty and stderr is discarded (internal/plugin/runtime_subprocess.go runPostrenderer,
    /// pkg/postrenderer/postrenderer.go).
    /// </summary>
    public static async Task<ProcessRun.Result> RunPostRendererAsync(Helm4Plugin plugin, byte[] manifests, IReadOnlyList<string> postRendererArgs,
        IDictionary<string, string?> env, string cwd)
    {
        Require(plugin, "postrenderer/v1");
        var pluginEnv = new Dictionary<string, string?>(env, StringComparer.Ordinal)
        {
            ["HELM_PLUGIN_NAME"] = plugin.Name,
            ["HELM_PLUGIN_DIR"] = plugin.Directory,
            ["HELM_BIN"] = null,
            ["HELM_NAMESPACE"] = null,
        };
        var (main, args) = Prepare(plugin.PlatformCommand, expandArgs: true, postRendererArgs, pluginEnv);
        var run = await ProcessRun.RunAsync(LookPath(main, pluginEnv, cwd), args, pluginEnv, manifests, cwd, TimeSpan.FromSeconds(120));
        // helm shows only `plugin "NAME" exited with error`; stderr is kept here for the test's failure message
        return run.ExitCode == 0 && run.Stdout.Length == 0 ? run with { ExitCode = 1, Stderr = "post-renderer produced empty output" } : run;
    }

    /// <summary>internal/plugin/subprocess_commands.go getPlatformCommand + PrepareCommands.</summary>
    public static (string Main, List<string> Args) Prepare(IReadOnlyList<Helm4PlatformCommand> commands, bool expandArgs,
        IReadOnlyList<string> extraArgs, IDictionary<string, string?> env)
    {
        var chosen = Choose(commands) ?? throw new Helm4LoadException("no plugin command is applicable (internal/plugin/subprocess_commands.go)");
        var parts = chosen.Command.Split(' ');
        if (parts[0].Length == 0) throw new Helm4LoadException("no plugin command is applicable (internal/plugin/subprocess_commands.go)");
        var args = parts.Skip(1).Concat(chosen.Args).Select(a => expandArgs ? Expand(a, env) : a).ToList();
        args.AddRange(extraArgs);
        return (Expand(parts[0], env), args);
    }

    private static Helm4PlatformCommand? Choose(IReadOnlyList<Helm4PlatformCommand> commands)
    {
        var os = "linux";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        Helm4PlatformCommand? found = null;
        var foundOs = false;
        foreach (var c in commands)
        {
            if (Eq(c.Os, os) && Eq(c.Arch, arch)) return c;
            if ((c.Os.Length > 0 && !Eq(c.Os, os)) || c.Arch.Length > 0) continue;
            if (!foundOs && c.Os.Length > 0) (found, foundOs) = (c, true);
            else if (found is null) found = c;
        }
        return found;
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string?> WithPluginVariables(Helm4Plugin plugin, IDictionary<string, string?> env) =>
        new(env, StringComparer.Ordinal) { ["HELM_PLUGIN_NAME"] = plugin.Name, ["HELM_PLUGIN_DIR"] = plugin.Directory };

    private static void Require(Helm4Plugin plugin, string type)
    {
        if (plugin.Type != type) throw new Helm4LoadException($"{plugin.Name} is {plugin.Type}, not {type}: Helm 4 never runs it as {type}");
    }

    /// <summary>Go's os.Expand with a map: <c>$VAR</c> and <c>${VAR}</c>, unknown variables become empty.</summary>
    private static string Expand(string s, IDictionary<string, string?> env) =>
        EnvReference().Replace(s, m => env.TryGetValue(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, out var v) ? v ?? "" : "");

    /// <summary>Go's exec.Command: a name with a slash is used as is, else looked up on PATH.</summary>
    private static string LookPath(string main, IDictionary<string, string?> env, string cwd)
    {
        if (main.Contains('/', StringComparison.Ordinal)) return Path.GetFullPath(main, cwd);
        var path = env.TryGetValue("PATH", out var p) && p is not null ? p : Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, main);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0) return candidate;
        }
        throw new FileNotFoundException($"exec: \"{main}\": executable file not found in $PATH");
    }

    /// <summary>Go's filepath.Join: an absolute second part is appended, not substituted (so $HELM_PLUGIN_DIR/x is joined twice).</summary>
    public static string GoJoin(string dir, string name)
    {
        var joined = new StringBuilder(dir.TrimEnd('/')).Append('/').Append(name.TrimStart('/')).ToString();
        return Path.GetFullPath(joined);
    }

    [GeneratedRegex(@"\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))")]
    private static partial Regex EnvReference();
}
