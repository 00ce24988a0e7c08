using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// helm-secrets 4's global options (before the sub-command; the command line beats <c>HELM_SECRETS_*</c>) and the
/// variables that apply without a sops binary. Only the sops backend exists here: it is the built-in core. Options
/// that need vals or a backend script are refused with a clear error, never ignored.
/// </summary>
internal sealed class HelmSecretsPluginOptions
{
    private readonly IEnvironment _env;

    private HelmSecretsPluginOptions(IEnvironment env) => _env = env;

    public bool Quiet { get; private set; }

    public bool IgnoreMissingValues { get; private set; }

    /// <summary>The arguments after the global options: the sub-command and its arguments.</summary>
    public IReadOnlyList<string> Rest { get; private set; } = [];

    public static HelmSecretsPluginOptions Parse(IReadOnlyList<string> args, IEnvironment env)
    {
        var o = new HelmSecretsPluginOptions(env)
        {
            Quiet = env.Get("ARGOCD_APP_NAME") is not null || IsTrue(env.Get("HELM_SECRETS_QUIET")),
            IgnoreMissingValues = IsTrue(env.Get("HELM_SECRETS_IGNORE_MISSING_VALUES")),
        };
        var backend = env.Get("HELM_SECRETS_BACKEND") ?? "sops";
        if (env.Get("HELM_SECRETS_BACKEND_ARGS") is not null) throw Unsupported("HELM_SECRETS_BACKEND_ARGS", "the built-in sops core takes no extra arguments");
        if (IsTrue(env.Get("HELM_SECRETS_EVALUATE_TEMPLATES"))) throw EvaluateTemplates();
        var i = 0;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "-q" or "--quiet") o.Quiet = true;
            else if (a.StartsWith("--quiet=", StringComparison.Ordinal)) o.Quiet = IsTrue(a["--quiet=".Length..]);
            else if (a is "-b" or "--backend") backend = Value(args, ref i);
            else if (a.StartsWith("--backend=", StringComparison.Ordinal)) backend = a["--backend=".Length..];
            else if (a is "-a" or "--backend-args" || a.StartsWith("--backend-args=", StringComparison.Ordinal)) throw Unsupported(a, "the built-in sops core takes no extra arguments");
            else if (Flag(a, "--ignore-missing-values", args, ref i) is { } ignore) o.IgnoreMissingValues = ignore;
            else if (Flag(a, "--decrypt-secrets-in-tmp-dir", args, ref i) is not null) { /* always so: plaintext only in a private temp dir */ }
            else if (Flag(a, "--evaluate-templates-decode-secrets", args, ref i) is { } d) { if (d) throw EvaluateTemplates(); }
            else if (Flag(a, "--evaluate-templates", args, ref i) is { } e) { if (e) throw EvaluateTemplates(); }
            else break;
        }
        o.CheckBackend(backend);
        o.Rest = args.Skip(i).ToList();
        return o;
    }

    /// <summary>Accepts <c>sops</c> (the built-in core) when <c>HELM_SECRETS_ALLOWED_BACKENDS</c> allows it; refuses every other backend.</summary>
    public void CheckBackend(string backend)
    {
        if (_env.Get("HELM_SECRETS_ALLOWED_BACKENDS") is { } allowed
            && !allowed.Split(',', StringSplitOptions.TrimEntries).Contains(backend, StringComparer.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"secret backend '{backend}' not allowed (HELM_SECRETS_ALLOWED_BACKENDS={allowed})");
        }
        if (backend == "sops") return;
        throw backend == "vals"
            ? new SecretsKitException(ExitCodes.Generic, "the vals backend is not supported by SecretsKit's helm-secrets plugin",
                "write ref+vault://… (and other ref+ URLs) in values files: `helm secretskit …` resolves them")
            : new SecretsKitException(ExitCodes.Generic, $"secret backend '{backend}' is not supported: only sops (the built-in SecretsKit core) is",
                "custom backend scripts and noop are not run by SecretsKit");
    }

    /// <summary>Applies the shared-environment hardening variables to one local value-file path.</summary>
    public void CheckValuePath(string path, string workingDirectory)
    {
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_ABSOLUTE_PATH")) && Path.IsPathRooted(path))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values filepath can't be an absolute path: {path}", "HELM_SECRETS_VALUES_ALLOW_ABSOLUTE_PATH=false");
        }
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_PATH_TRAVERSAL"))
            && path.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values filepath can't contain path traversal: {path}", "HELM_SECRETS_VALUES_ALLOW_PATH_TRAVERSAL=false");
        }
        if (IsFalse(_env.Get("HELM_SECRETS_VALUES_ALLOW_SYMLINKS")) && IsSymlink(Path.GetFullPath(path, workingDirectory)))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Values filepath can't be a symlink: {path}", "HELM_SECRETS_VALUES_ALLOW_SYMLINKS=false");
        }
    }

    /// <summary>Whether a key-import scheme is allowed (<c>HELM_SECRETS_ALLOW_AGE_IMPORT</c>, …<c>_KUBERNETES</c>) and its key path under <c>HELM_SECRETS_KEY_LOCATION_PREFIX</c>.</summary>
    public void CheckImport(string variable, string? keyFile, string workingDirectory)
    {
        if (IsFalse(_env.Get(variable))) throw new SecretsKitException(ExitCodes.Generic, $"this key import scheme is disabled ({variable}=false)");
        if (keyFile is not null && _env.Get("HELM_SECRETS_KEY_LOCATION_PREFIX") is { } prefix
            && !Path.GetFullPath(keyFile, workingDirectory).StartsWith(Path.GetFullPath(prefix, workingDirectory), StringComparison.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"key location {keyFile} is not allowed: it must start with HELM_SECRETS_KEY_LOCATION_PREFIX");
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

    private static SecretsKitException Unsupported(string what, string why) =>
        new(ExitCodes.Generic, $"{what} is not supported: {why}");

    private static SecretsKitException EvaluateTemplates() =>
        new(ExitCodes.Generic, "--evaluate-templates needs the vals backend, which SecretsKit does not run",
            "to resolve ref+ values in rendered manifests, give helm --post-renderer a script that runs `secretskit post-renderer`");
}
