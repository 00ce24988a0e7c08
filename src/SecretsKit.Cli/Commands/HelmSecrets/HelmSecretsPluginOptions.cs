using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// helm-secrets 4's global options (before the sub-command; the command line beats <c>HELM_SECRETS_*</c>) and the
/// variables that apply without a sops binary. The backend is checked as helm-secrets checks it (the variable's or
/// the default first, then each <c>-b</c>); backend args are sops flags, split on blanks as helm-secrets' shell splits
/// them, and handed to the built-in core (see <see cref="HelmSecretsBackendArgs"/>).
/// </summary>
internal sealed class HelmSecretsPluginOptions
{
    private readonly IEnvironment _env;

    private HelmSecretsPluginOptions(IEnvironment env) => _env = env;

    public bool Quiet { get; private set; }

    public bool IgnoreMissingValues { get; private set; }

    /// <summary><c>--decrypt-secrets-in-tmp-dir</c> / its variable: only helm-secrets' file names (plaintext is always in a private temp dir).</summary>
    public bool DecryptInTmpDir { get; private set; }

    public HelmSecretsBackend Backend { get; private set; } = HelmSecretsBackend.Sops;

    /// <summary>The backend args (<c>-a</c>, <c>--backend-args</c>, <c>HELM_SECRETS_BACKEND_ARGS</c>), split on blanks.</summary>
    public IReadOnlyList<string> BackendArgs { get; private set; } = [];

    /// <summary>The arguments after the global options: the sub-command and its arguments.</summary>
    public IReadOnlyList<string> Rest { get; private set; } = [];

    public static HelmSecretsPluginOptions Parse(IReadOnlyList<string> args, IEnvironment env)
    {
        var o = new HelmSecretsPluginOptions(env)
        {
            Quiet = env.Get("HELM_SECRETS_QUIET") is { } q ? !q.Equals("false", StringComparison.OrdinalIgnoreCase) : env.Get("ARGOCD_APP_NAME") is not null,
            IgnoreMissingValues = IsTrue(env.Get("HELM_SECRETS_IGNORE_MISSING_VALUES")),
            DecryptInTmpDir = IsTrue(env.Get("HELM_SECRETS_DECRYPT_SECRETS_IN_TMP_DIR")),
            Backend = HelmSecretsBackend.Resolve(env.Get("HELM_SECRETS_BACKEND") is { Length: > 0 } b ? b : "sops", env),
        };
        var backendArgs = env.Get("HELM_SECRETS_BACKEND_ARGS") ?? "";
        if (IsTrue(env.Get("HELM_SECRETS_EVALUATE_TEMPLATES"))) throw EvaluateTemplates();
        var i = 0;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-q" or "--quiet") o.Quiet = true;
            else if (a.StartsWith("--quiet=", StringComparison.Ordinal)) o.Quiet = IsTrue(a["--quiet=".Length..]);
            else if (a is "-b" or "--backend") o.Backend = HelmSecretsBackend.Resolve(Value(args, ref i), env);
            else if (a.StartsWith("--backend=", StringComparison.Ordinal)) o.Backend = HelmSecretsBackend.Resolve(a["--backend=".Length..], env);
            else if (a is "-a" or "--backend-args") backendArgs = Value(args, ref i);
            else if (a.StartsWith("--backend-args=", StringComparison.Ordinal)) backendArgs = a["--backend-args=".Length..];
            else if (Flag(a, "--ignore-missing-values", args, ref i) is { } ignore) o.IgnoreMissingValues = ignore;
            else if (Flag(a, "--decrypt-secrets-in-tmp-dir", args, ref i) is { } tmp) o.DecryptInTmpDir = tmp; // only the names: plaintext is always in a private temp dir
            else if (Flag(a, "--evaluate-templates-decode-secrets", args, ref i) is { } d) { if (d) throw EvaluateTemplates(); }
            else if (Flag(a, "--evaluate-templates", args, ref i) is { } e) { if (e) throw EvaluateTemplates(); }
            else break;
        }
        o.BackendArgs = backendArgs.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        o.Rest = args.Skip(i).ToList();
        return o;
    }

    /// <summary>A <c>backend!file</c> prefix: the backend for that one file (helm-secrets' "force secret backend").</summary>
    public HelmSecretsBackend BackendFor(string? prefix) => prefix is null ? Backend : HelmSecretsBackend.Resolve(prefix, _env);

    /// <summary>Applies the shared-environment hardening variables to one local value-file path (helm-secrets' messages).</summary>
    public void CheckValuePath(string path, string workingDirectory)
    {
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_SYMLINKS")) && IsSymlink(Path.GetFullPath(path, workingDirectory)))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values file '{path}' is a symlink. Symlinks are not allowed.");
        }
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_ABSOLUTE_PATH"))
            && (Path.IsPathRooted(path) || path.StartsWith('\\') || path.Contains(':', StringComparison.Ordinal)))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values filepath '{path}' is an absolute path. Absolute paths are not allowed.");
        }
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_PATH_TRAVERSAL"))
            && (path.Contains("../", StringComparison.Ordinal) || path.Contains("/..", StringComparison.Ordinal) || path == ".."))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values filepath '{path}' contains '..'. Path traversal is not allowed.");
        }
    }

    /// <summary>
    /// Whether a key-import scheme is allowed (<c>HELM_SECRETS_ALLOW_AGE_IMPORT</c>, …<c>_KUBERNETES</c>: anything but
    /// <c>true</c> disables it, as in helm-secrets) and its key path under <c>HELM_SECRETS_KEY_LOCATION_PREFIX</c>.
    /// </summary>
    public void CheckImport(string scheme, string variable, string? keyFile, string workingDirectory)
    {
        if (_env.Get(variable) is { } allow && allow != "true") throw new SecretsKitException(ExitCodes.Generic, $"{scheme}:// is not allowed in this context!");
        // the plain prefix test is helm-secrets'; the resolved one also refuses KEY_PREFIX/../elsewhere
        if (keyFile is not null && _env.Get("HELM_SECRETS_KEY_LOCATION_PREFIX") is { } prefix
            && (!keyFile.StartsWith(prefix, StringComparison.Ordinal)
                || !Path.GetFullPath(keyFile, workingDirectory).StartsWith(Path.GetFullPath(prefix, workingDirectory), StringComparison.Ordinal)))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Key location '{keyFile}' is not allowed");
        }
    }

    public static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value is "1" or "yes");

    private static bool IsFalse(string? value) => value is not null && (value.Equals("false", StringComparison.OrdinalIgnoreCase) || value is "0" or "no");

    private static bool IsSymlink(string fullPath)
    {
        for (var p = fullPath; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
        {
            if (File.Exists(p) || Directory.Exists(p))
            {
                if (new FileInfo(p).LinkTarget is not null) return true;
            }
            if (p == Path.GetPathRoot(p)) break;
        }
        return false;
    }

    /// <summary><c>--flag</c>, <c>--flag true|false</c> or <c>--flag=true|false</c>; null when <paramref name="a"/> is another option.</summary>
    private static bool? Flag(string a, string name, IReadOnlyList<string> args, ref int i)
    {
        if (a.StartsWith(name + "=", StringComparison.Ordinal)) return IsTrue(a[(name.Length + 1)..]);
        if (a != name) return null;
        if (i + 1 < args.Count && (IsTrue(args[i + 1]) || IsFalse(args[i + 1]))) return IsTrue(args[++i]);
        return true;
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new SecretsKitException(ExitCodes.Generic, $"{args[i]} needs a value");

    private static SecretsKitException EvaluateTemplates() =>
        new(ExitCodes.Generic, "--evaluate-templates needs the vals backend, which SecretsKit does not run",
            "to resolve ref+ values in rendered manifests, give helm --post-renderer a script that runs `secretskit post-renderer`");
}
