using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary><c>exec-env</c>: the top-level scalars of document 0 as environment variables (strings raw, others as dotenv writes them).</summary>
public static class ExecEnvironment
{
    public static IReadOnlyList<KeyValuePair<string, string>> FromTree(SopsTree plain, string fileName)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (plain.Branches.Count == 0) return result;
        foreach (var item in plain.Branches[0].Items)
        {
            if (item.IsComment) continue;
            var key = item.Key!;
            if (key.Length == 0 || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                throw new SecretsKitException(ExitCodes.Generic,
                    $"{fileName}: key '{key}' cannot be an environment variable name (empty, or contains '=' or NUL)");
            }
            var text = GoValueText.ToText(item.Value) ?? throw new SecretsKitException(ExitCodes.Generic,
                $"{fileName}: key '{key}' holds a mapping or list; exec-env only exports top-level scalar values",
                "use exec-file for nested data");
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"{fileName}: the value of '{key}' contains a NUL byte");
            }
            result.Add(new KeyValuePair<string, string>(key, text));
        }
        return result;
    }
}
