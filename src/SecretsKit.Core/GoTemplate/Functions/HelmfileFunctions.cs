using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.GoTemplate.Functions;

/// <summary>
/// helmfile's own template functions over <see cref="TemplateFunctions.Sprig"/>: <c>requiredEnv env readFile exec tpl
/// get getOrNil toYaml fromYaml</c>. <c>exec</c> fails unless the run allows it (<c>--allow-exec</c>).
/// </summary>
public static class HelmfileFunctions
{
    public static TemplateFunctions Create(HelmfileTemplateContext context)
    {
        var set = TemplateFunctions.Sprig
            .With("requiredEnv", c => context.Environment.Get(c.Exactly(1).String(0)) is { Length: > 0 } v ? v
                : throw new TemplateFunctionException($"required env var `{c.String(0)}` is not set"))
            .With("env", c => context.Environment.Get(c.Exactly(1).String(0)) ?? "")
            .With("readFile", c => ReadFile(context.BaseDirectory, c.Exactly(1).String(0)))
            .With("exec", c => Exec(context, c))
            .With("get", c => Get(c, orNil: false))
            .With("getOrNil", c => Get(c, orNil: true))
            .With("toYaml", c => TemplateYaml.Write(c.Exactly(1)[0]));
        return set.With("tpl", c => Template.Render("tpl", c.Exactly(2).String(0), c[1], c.Functions, c.Options));
    }

    private static string ReadFile(string baseDirectory, string path)
    {
        var full = Path.GetFullPath(path, baseDirectory);
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateFunctionException($"open {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}");
        }
    }

    private static string Exec(HelmfileTemplateContext context, TemplateCall c)
    {
        c.Between(2, 3);
        var command = c.String(0);
        if (!context.AllowExec) throw new TemplateFunctionException($"exec is disabled: {command} was not run (pass --allow-exec to let templates run commands)");
        var args = c[1] switch
        {
            IReadOnlyList<object?> l => l.Select(GoValues.ToStr).ToList(),
            null => [],
            _ => throw new TemplateFunctionException("exec: args must be a list"),
        };
        var result = context.Processes.RunAsync(new ProcessSpec(command, args, WorkingDirectory: context.BaseDirectory))
            .GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new TemplateFunctionException($"exec: {command} exited with status {result.ExitCode}");
        return Encoding.UTF8.GetString(result.StandardOutput);
    }

    /// <summary>helmfile's <c>get PATH [DEFAULT] OBJ</c>: a dotted path into maps/structs; missing → DEFAULT, else an error (or nil).</summary>
    private static object? Get(TemplateCall c, bool orNil)
    {
        c.Between(2, 3);
        var path = c.String(0);
        var (hasDefault, fallback, value) = c.Count == 3 ? (true, c[1], c[2]) : (false, null, c[1]);
        if (path.Length == 0) return value;
        foreach (var key in path.Split('.'))
        {
            var found = value switch
            {
                IReadOnlyDictionary<string, object?> m => m.TryGetValue(key, out var v) ? (true, v) : (false, null),
                GoStruct s => s.Fields.TryGetValue(key, out var v) ? (true, v) : (false, null),
                _ => (false, (object?)null),
            };
            if (!found.Item1)
            {
                if (hasDefault) return fallback;
                if (orNil) return null;
                // helmfile prints the map here; SecretsKit names only the path, so no (secret) value reaches the message
                throw new TemplateFunctionException($"no value exists for key \"{key}\" of path \"{path}\"");
            }
            value = found.Item2;
        }
        return value;
    }
}
