using SecretsKit.Core.Platform;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Functions;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.Release.Templates;

/// <summary>
/// helmfile's template functions over <see cref="TemplateFunctions.Sprig"/> (helmfile pkg/tmpl; with sprig's <c>getHostByName</c>): <c>exec envExec
/// readFile readDir readDirEntries isFile isDir toYaml fromYaml setValueAtPath requiredEnv get getOrNil tpl include
/// required fetchSecretValue expandSecretRefs</c>, and sprig's <c>get</c> kept as <c>sprigGet</c>. Relative paths are read from
/// the state file's directory; <c>exec</c> and <c>envExec</c> fail unless the run allows them (<c>--allow-exec</c>).
/// </summary>
public static class HelmfileFunctions
{
    /// <summary>
    /// The budgets of a helmfile template (helmfile has none; a state file or a values template may come from anyone who
    /// can open a pull request): 16 MiB of output (the largest state or values file read), 64 Mi characters built by
    /// functions, ten million steps and a minute — far above any real state, far below what takes a runner down.
    /// </summary>
    public static TemplateLimits Limits { get; } = new()
    {
        MaxOutput = 16 << 20, MaxBuilt = 64 << 20, MaxSteps = 10_000_000, MaxDuration = TimeSpan.FromMinutes(1),
    };

    public static TemplateFunctions Create(HelmfileTemplateContext context)
    {
        var sprig = TemplateFunctions.Sprig;
        var set = sprig.With(t => EnvironmentFunctions.Register(t, context.Environment))
            .With("requiredEnv", c => context.Environment.Get(c.Exactly(1).String(0)) is { Length: > 0 } v ? v
                : throw new TemplateFunctionException($"required env var `{c.String(0)}` is not set"))
            .With("readFile", c => HelmfileFiles.ReadFile(context.BaseDirectory, c.Exactly(1).String(0), c))
            .With("readDir", c => HelmfileFiles.ReadDir(context.BaseDirectory, c.Exactly(1).String(0)))
            .With("readDirEntries", c => HelmfileFiles.ReadDirEntries(context.BaseDirectory, c.Exactly(1).String(0)))
            .With("isFile", c => HelmfileFiles.Is(context.BaseDirectory, c.Exactly(1).String(0), directory: false))
            .With("isDir", c => HelmfileFiles.Is(context.BaseDirectory, c.Exactly(1).String(0), directory: true))
            .With("exec", c => Exec(context, c, withEnvironment: false))
            .With("envExec", c => Exec(context, c, withEnvironment: true))
            .With("get", c => Get(c, orNil: false))
            .With("getOrNil", c => Get(c, orNil: true))
            .With("toYaml", c => TemplateYaml.Write(c.Exactly(1)[0], GoYamlDialect.V3, c.OutputLimit))
            .With("fromYaml", c => FromYaml(c.Exactly(1).String(0)))
            .With("setValueAtPath", c => SetValueAtPath(c.Exactly(3).String(0), c[1], c[2]))
            .With("required", c => Required(c.Exactly(2).String(0), c[1]))
            .With("getHostByName", c => HostByName(c.Exactly(1).String(0)))
            .With("fetchSecretValue", c => Secret(context, c.Exactly(1).String(0)))
            .With("expandSecretRefs", c => ExpandSecrets(context, c.Exactly(1)[0]));
        if (sprig.Find("get") is { } sprigGet) set = set.With("sprigGet", sprigGet);
        // tpl and include run inside the running execution: one depth, step, time and output budget for all of them
        return set
            .With("tpl", c => c.Render("stringTemplate", c.Exactly(2).String(0), c[1]))
            .With("include", c => c.Include(c.Exactly(2).String(0), c[1]));
    }

    private static string Exec(HelmfileTemplateContext context, TemplateCall c, bool withEnvironment)
    {
        var first = withEnvironment ? 1 : 0;
        c.AtLeast(first + 2);
        var command = c.String(first);
        if (!context.AllowExec) throw new TemplateFunctionException($"exec is disabled: {command} was not run (pass --allow-exec to let templates run commands)");
        var args = c[first + 1] switch
        {
            IReadOnlyList<object?> l => l.Select((a, i) => a as string
                ?? throw new TemplateFunctionException($"unexpected type of arg \"{GoTypes.TypeName(a)}\" in args at index {i}")).ToList(),
            null => [],
            var other => throw new TemplateFunctionException($"wrong type for value; expected []interface {{}}; got {GoTypes.TypeName(other)}", wrapped: false),
        };
        Dictionary<string, string>? environment = null;
        if (withEnvironment && c[0] is IReadOnlyDictionary<string, object?> envs)
        {
            environment = envs.ToDictionary(kv => kv.Key, kv => kv.Value as string
                ?? throw new TemplateFunctionException($"unexpected type of env \"{GoTypes.TypeName(kv.Value)}\" in envs at index {kv.Key}"), StringComparer.Ordinal);
        }
        var input = c.Count > first + 2 ? c.String(first + 2) : "";
        var result = context.Processes.RunAsync(new ProcessSpec(command, args,
                StandardInput: input.Length > 0 ? GoString.ToBytes(input) : null, Environment: environment, WorkingDirectory: context.BaseDirectory))
            .GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new TemplateFunctionException($"exec: {command} exited with status {result.ExitCode}");
        c.EnsureFits(result.StandardOutput.Length);
        return GoString.FromBytes(result.StandardOutput);
    }

    /// <summary>helmfile's <c>fromYaml</c>: go-yaml v3 (YAML 1.2: <c>yes</c> stays a string); an empty text is nil.</summary>
    private static object? FromYaml(string text)
    {
        try
        {
            return TemplateYaml.Read(text, yaml11: false);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            // helmfile appends ", offending yaml: TEXT"; SecretsKit leaves the text (often a secret) out of the message
            throw new TemplateFunctionException(TemplateYaml.GoError(e));
        }
    }

    /// <summary>helmfile's <c>setValueAtPath PATH VALUE VALUES</c>: sets a dotted path in a map in place and returns the map.</summary>
    private static object? SetValueAtPath(string path, object? value, object? values)
    {
        var components = path.Split('.');
        var current = values;
        foreach (var key in components[..^1])
        {
            if (current is not IReadOnlyDictionary<string, object?> map) throw new TemplateFunctionException($"failed to set value at path \"{path}\": value for key \"{key}\" was not a map");
            if (!map.TryGetValue(key, out var next)) throw new TemplateFunctionException($"failed to set value at path \"{path}\": value for key \"{key}\" does not exist");
            if (next is not IReadOnlyDictionary<string, object?>) throw new TemplateFunctionException($"failed to set value at path \"{path}\": value for key \"{key}\" was not a map");
            current = next;
        }
        if (current is not IDictionary<string, object?> target)
        {
            throw new TemplateFunctionException($"failed to set value at path \"{path}\": value for key \"{components[^1]}\" was not a map");
        }
        target[components[^1]] = value;
        return values;
    }

    /// <summary>
    /// sprig's <c>getHostByName</c>, which helmfile keeps: one of the name's addresses at random (Go's
    /// <c>net.LookupHost</c>), a lookup that fails or finds none as Go's <c>rand.Intn(0)</c> panic. Bounded to 5 seconds.
    /// </summary>
    private static string HostByName(string name)
    {
        System.Net.IPAddress[] addresses;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            addresses = System.Net.Dns.GetHostAddressesAsync(name, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or ArgumentException)
        {
            addresses = [];
        }
        return addresses.Length == 0 ? throw new TemplateFunctionException("invalid argument to Intn")
            : addresses[System.Security.Cryptography.RandomNumberGenerator.GetInt32(addresses.Length)].ToString();
    }

    private static object? Required(string warning, object? value) =>
        value is null or "" ? throw new TemplateFunctionException(warning) : value;

    private static string Secret(HelmfileTemplateContext context, string reference) =>
        !reference.StartsWith("ref+", StringComparison.Ordinal) ? reference
        : context.ResolveReference?.Invoke(reference) ?? throw new TemplateFunctionException("fetchSecretValue: no secret backend is configured for ref+ references");

    /// <summary>helmfile's <c>expandSecretRefs MAP</c>: a copy of the map with every <c>ref+…</c> string resolved.</summary>
    private static object? ExpandSecrets(HelmfileTemplateContext context, object? value) => value switch
    {
        string s => Secret(context, s),
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => ExpandSecrets(context, kv.Value), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(v => ExpandSecrets(context, v)).ToList(),
        _ => value,
    };

    /// <summary>helmfile's <c>get PATH [DEFAULT] OBJ</c>: a dotted path into maps/structs; missing → DEFAULT, else an error (or nil).</summary>
    private static object? Get(TemplateCall c, bool orNil)
    {
        c.Between(2, orNil ? 2 : 3);
        var path = c.String(0);
        var (hasDefault, fallback, value) = c.Count == 3 ? (true, c[1], c[2]) : (false, null, c[1]);
        if (path.Length == 0) return value;
        foreach (var key in path.Split('.'))
        {
            // helmfile's "no value" errors (a missing key, a value that is not a map) are nil to getOrNil
            if (value is not (IReadOnlyDictionary<string, object?> or GoStruct) && orNil) return null;
            var found = value switch
            {
                IReadOnlyDictionary<string, object?> m => m.TryGetValue(key, out var v) ? (true, v) : (false, null),
                GoStruct s => s.Fields.TryGetValue(key, out var v) ? (true, v) : (false, null),
                _ => throw new TemplateFunctionException(
                    $"unexpected type({GoTypes.TypeName(value)}) of value for key \"{key}\": it must be either map[string]any or any struct"),
            };
            if (!found.Item1)
            {
                if (hasDefault) return fallback;
                if (orNil) return null;
                // helmfile prints the map here; SecretsKit names only the key, so no (secret) value reaches the message
                throw new TemplateFunctionException($"no value exist for key \"{key}\"");
            }
            value = found.Item2;
        }
        return value;
    }
}
