using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>
/// A container's <c>command</c> and <c>args</c> as trivy-checks' control-plane checks read them: each text item on its
/// own (<c>--profiling=false</c>, never split at spaces), a flag found when a pattern matches anywhere in an item
/// (<c>kubernetes.command_has_flag</c>, a regular-expression search, so <c>--bind-address=127.0.0.1</c>'s dots match any
/// character), and a list flag's value read as <c>--name=([^\s]+)</c>'s first match in an item. Which list a check
/// reads, and whether both flags of a pair must sit in the same one, is each check's own (as its Rego has it).
/// </summary>
internal readonly struct ControlPlaneFlags(JsonNode? command, JsonNode? args)
{
    /// <summary>The patterns come from the checks' code only, so the cache stays as small as the set of checks.</summary>
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static ControlPlaneFlags Of(PodContainer c) => new(c.Node["command"], c.Node["args"]);

    /// <summary>Whether <paramref name="pattern"/> matches an item of <c>command</c> or of <c>args</c>.</summary>
    public bool Set(string pattern) => InCommand(pattern) || InArgs(pattern);

    public bool InCommand(string pattern) => Matches(command, pattern);

    public bool InArgs(string pattern) => Matches(args, pattern);

    /// <summary>Both patterns in <c>command</c>, or both in <c>args</c> (one in each does not count).</summary>
    public bool BothSet(string first, string second) =>
        (InCommand(first) && InCommand(second)) || (InArgs(first) && InArgs(second));

    /// <summary>Whether an item of <c>command</c> or <c>args</c> contains <paramref name="text"/> (Rego's <c>contains</c>, no pattern).</summary>
    public bool Contains(string text) =>
        Rego.Texts(args).Concat(Rego.Texts(command)).Any(item => item.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// The values of <c>--<paramref name="flag"/>=…</c>: per item, the first run of non-blank characters after the
    /// flag's first <c>--flag=</c> that has one (blank: Go's <c>\s</c>, tab, line feed, form feed, carriage return, space).
    /// </summary>
    public IEnumerable<string> Values(string flag, bool commandOnly = false)
    {
        var items = commandOnly ? Rego.Texts(command) : Rego.Texts(command).Concat(Rego.Texts(args));
        var value = Pattern("--" + flag + @"=([^\t\n\f\r ]+)");
        return items.Select(item => value.Match(item)).Where(m => m.Success).Select(m => m.Groups[1].Value);
    }

    /// <summary>Whether some value of <c>--<paramref name="flag"/></c> names <paramref name="plugin"/> (a pattern search, as Rego's <c>regex.match</c>).</summary>
    public bool Lists(string flag, string plugin, bool commandOnly = false) =>
        Values(flag, commandOnly).Any(v => Pattern(plugin).IsMatch(v));

    /// <summary>Whether some value of <c>--<paramref name="flag"/></c> names none of <paramref name="plugins"/> (no such flag: false).</summary>
    public bool Omits(string flag, IEnumerable<string> plugins, bool commandOnly = false) =>
        Values(flag, commandOnly).Any(v => !plugins.Any(p => Pattern(p).IsMatch(v)));

    private static bool Matches(JsonNode? list, string pattern) => Rego.Texts(list).Any(item => Pattern(pattern).IsMatch(item));

    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant));
}
