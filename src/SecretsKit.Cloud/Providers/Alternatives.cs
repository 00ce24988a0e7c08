namespace SecretsKit.Cloud.Providers;

/// <summary>Alternatives as a message names them: <c>a</c>, <c>a or b</c>, <c>a, b or c</c> (the auth tables' "needs …" errors).</summary>
internal static class Alternatives
{
    public static string Or(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = names.ToList();
        return list.Count < 2 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1];
    }
}
