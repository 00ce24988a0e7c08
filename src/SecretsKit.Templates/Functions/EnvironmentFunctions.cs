using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's <c>env</c> and <c>expandenv</c> (Go's <c>os.Getenv</c>, <c>os.ExpandEnv</c>), which ESO's flavour leaves out.
/// The environment is injected, so a flavour decides what templates may read.
/// </summary>
public static class EnvironmentFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t, IEnvironment environment)
    {
        t["env"] = c => environment.Get(c.Exactly(1).String(0)) ?? "";
        t["expandenv"] = c => Expand(c.Exactly(1).String(0), name => environment.Get(name) ?? "");
    }

    /// <summary>Go's <c>os.Expand</c>: <c>$NAME</c>, <c>${NAME}</c>, special one-character names, a bad <c>${</c> dropped.</summary>
    public static string Expand(string s, Func<string, string> lookup)
    {
        var sb = new StringBuilder();
        var i = 0;
        for (var j = 0; j < s.Length; j++)
        {
            if (s[j] != '$' || j + 1 >= s.Length) continue;
            sb.Append(s, i, j - i);
            var (name, w) = ShellName(s[(j + 1)..]);
            if (name.Length == 0 && w > 0)
            {
                // invalid syntax: eat the characters
            }
            else if (name.Length == 0)
            {
                sb.Append(s[j]);
            }
            else
            {
                sb.Append(lookup(name));
            }
            j += w;
            i = j + 1;
        }
        if (i == 0) return s;
        return sb.Append(s, i, s.Length - i).ToString();
    }

    private static (string Name, int Width) ShellName(string s)
    {
        if (s[0] == '{')
        {
            if (s.Length > 2 && IsSpecial(s[1]) && s[2] == '}') return (s[1..2], 3);
            for (var i = 1; i < s.Length; i++)
            {
                if (s[i] == '}')
                {
                    if (i == 1) return ("", 2);
                    return (s[1..i], i + 1);
                }
            }
            return ("", 1);
        }
        if (IsSpecial(s[0])) return (s[..1], 1);
        var n = 0;
        while (n < s.Length && (char.IsAsciiLetterOrDigit(s[n]) || s[n] == '_')) n++;
        return (s[..n], n);
    }

    private static bool IsSpecial(char c) => c is '*' or '#' or '$' or '@' or '!' or '?' or '-' || char.IsAsciiDigit(c);
}
