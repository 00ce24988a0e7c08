using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// helmfile's helper templates: every <c>_*.tpl</c> file in the state's directory, in name order, whose
/// <c>define</c>s every template of that state can <c>include</c> or call with <c>template</c>.
/// </summary>
internal static class HelperTemplates
{
    public static IReadOnlyList<(string Name, string Text)> Read(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "_*.tpl", SearchOption.TopDirectoryOnly)
            .Where(f => Path.GetFileName(f) is { Length: > 4 } n && n.StartsWith('_') && n.EndsWith(".tpl", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), BoundedFile.ReadText(f, Path.GetFileName(f))))
            .ToList();
    }
}
