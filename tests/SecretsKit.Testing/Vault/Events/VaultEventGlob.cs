namespace SecretsKit.Testing.Vault.Events;

/// <summary>Vault's subscription patterns: <c>*</c> matches any run of characters (slashes included), anything else itself.</summary>
internal static class VaultEventGlob
{
    public static bool Matches(string pattern, string eventType)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1) return pattern == eventType;
        if (!eventType.StartsWith(parts[0], StringComparison.Ordinal) || !eventType.EndsWith(parts[^1], StringComparison.Ordinal)) return false;
        if (eventType.Length < parts[0].Length + parts[^1].Length) return false;
        var at = parts[0].Length;
        var end = eventType.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = eventType.IndexOf(parts[i], at, end - at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + parts[i].Length;
        }
        return true;
    }
}
