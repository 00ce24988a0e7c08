using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Tree;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// The decrypted SopsSecret document: <c>namespaces</c> (required), <c>data</c> (base64) and <c>stringData</c> (scalars).
/// Parsing reports key paths and namespaces only, never values.
/// </summary>
internal static partial class SopsPayload
{
    public const string NamespacesKey = "namespaces";
    public const string DataKey = "data";
    public const string StringDataKey = "stringData";

    /// <summary>
    /// The allowed namespaces. They must be covered by the MAC: encrypted, or the file is not <c>mac_only_encrypted</c>
    /// (then unencrypted values are MACed too), so nobody can add a namespace without the data key.
    /// </summary>
    public static IReadOnlyList<string> Namespaces(TreeBranch plain, TreeBranch encrypted, bool macOnlyEncrypted, string where)
    {
        var node = plain.Get(NamespacesKey);
        if (node is null or NullValue)
        {
            throw new ReconcileException(SopsReasons.NamespacesMissing,
                $"{where}: the encrypted document has no '{NamespacesKey}' list naming the namespaces it may be decrypted in");
        }
        if (node is not Sequence seq)
        {
            throw new ReconcileException(SopsReasons.InvalidDocument, $"{where}: '{NamespacesKey}' must be a list of namespace names");
        }
        var names = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is CommentValue) continue;
            if (item is not StringValue { Value.Length: > 0 } s)
            {
                throw new ReconcileException(SopsReasons.InvalidDocument, $"{where}: '{NamespacesKey}' must be a list of namespace names");
            }
            names.Add(s.Value);
        }
        if (names.Count == 0)
        {
            throw new ReconcileException(SopsReasons.NamespacesMissing, $"{where}: the '{NamespacesKey}' list of the encrypted document is empty");
        }
        if (macOnlyEncrypted && !AllEncrypted(encrypted.Get(NamespacesKey)))
        {
            throw new ReconcileException(SopsReasons.NamespacesNotProtected,
                $"{where}: '{NamespacesKey}' is neither encrypted nor covered by the MAC (mac_only_encrypted); encrypt it");
        }
        return names;
    }

    /// <summary><c>data</c> and <c>stringData</c> merged (stringData wins, as in a Secret); unknown top-level keys are refused.</summary>
    public static IReadOnlyDictionary<string, byte[]> Data(TreeBranch plain, string where)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in plain.Items)
        {
            if (item.IsComment || item.Key == NamespacesKey || item.Key is DataKey or StringDataKey) continue;
            throw new ReconcileException(SopsReasons.InvalidDocument,
                $"{where}: unknown top-level key '{item.Key}' in the encrypted document (allowed: {NamespacesKey}, {DataKey}, {StringDataKey})");
        }
        foreach (var (key, value) in Entries(plain, DataKey, where))
        {
            var text = value is StringValue s ? s.Value : null;
            try
            {
                result[key] = text is null ? throw new FormatException() : Convert.FromBase64String(text.Trim());
            }
            catch (FormatException)
            {
                throw new ReconcileException(SopsReasons.InvalidDocument, $"{where}: {DataKey}.{key} is not a base64 string");
            }
        }
        foreach (var (key, value) in Entries(plain, StringDataKey, where))
        {
            result[key] = Scalar(value) ?? throw new ReconcileException(SopsReasons.InvalidDocument,
                $"{where}: {StringDataKey}.{key} must be a string; nested values (maps, lists) and nulls are not supported");
        }
        return result;
    }

    private static IEnumerable<(string Key, TreeNode Value)> Entries(TreeBranch plain, string section, string where)
    {
        var node = plain.Get(section);
        if (node is null or NullValue) yield break;
        if (node is not TreeBranch branch)
        {
            throw new ReconcileException(SopsReasons.InvalidDocument, $"{where}: '{section}' must be a map of Secret keys");
        }
        foreach (var item in branch.Items)
        {
            if (item.IsComment) continue;
            var key = item.Key!;
            if (!SecretKey().IsMatch(key) || key is "." or "..")
            {
                throw new ReconcileException(SopsReasons.InvalidDocument, $"{where}: {section} key '{key}' is not a valid Secret key ([-._a-zA-Z0-9]+)");
            }
            yield return (key, item.Value);
        }
    }

    private static byte[]? Scalar(TreeNode node) => node switch
    {
        StringValue s => Encoding.UTF8.GetBytes(s.Value),
        BytesValue b => b.Value,
        IntValue i => Encoding.UTF8.GetBytes(i.Value.ToString(CultureInfo.InvariantCulture)),
        FloatValue f => Encoding.UTF8.GetBytes(f.Value.ToString("R", CultureInfo.InvariantCulture)),
        BoolValue b => Encoding.UTF8.GetBytes(b.Value ? "true" : "false"),
        TimeValue t => Encoding.UTF8.GetBytes(t.Value.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
        _ => null,
    };

    private static bool AllEncrypted(TreeNode? node) =>
        node is Sequence seq && seq.Items.All(i => i is CommentValue || i is StringValue s && s.Value.StartsWith("ENC[", StringComparison.Ordinal));

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex SecretKey();
}
