using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Metadata;

/// <summary>
/// The typed fields of a <c>sops</c> block, read as strictly as sops 3.13 decodes them into its metadata struct: a
/// string field holds a scalar (never a list or a mapping), a bool field a boolean, an int field an integer, a key list
/// a sequence of mappings. INI and dotenv carry every value as a string, so a boolean or an integer may also be written
/// the way Go's <c>strconv</c> reads it.
/// </summary>
internal static class MetadataFields
{
    /// <summary>A string field: null when absent or null; refused when a list or a mapping.</summary>
    public static string? String(TreeBranch sops, string name, string fileName) => sops.Get(name) switch
    {
        null or NullValue => null,
        TreeBranch or Sequence => throw Invalid(fileName, $"'{name}' must be a string, not a {Kind(sops.Get(name)!)}"),
        var node => MetadataReader.Scalar(node),
    };

    /// <summary>A boolean field: false when absent or null; true/false (or strconv.ParseBool's spellings in a string).</summary>
    public static bool Bool(TreeBranch sops, string name, string fileName) => sops.Get(name) switch
    {
        null or NullValue => false,
        BoolValue b => b.Value,
        StringValue s when s.Value is "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        StringValue s when s.Value is "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        var node => throw Invalid(fileName, $"'{name}' must be true or false, not {Describe(node)}"),
    };

    /// <summary>An integer field: 0 when absent or null.</summary>
    public static int Int(TreeBranch sops, string name, string fileName) => sops.Get(name) switch
    {
        null or NullValue => 0,
        IntValue i when i.Value is >= int.MinValue and <= int.MaxValue => (int)i.Value,
        StringValue s when s.Value.Length == 0 => 0,
        var node => throw Invalid(fileName, $"'{name}' must be an integer, not {Describe(node)}"),
    };

    /// <summary>A list of mappings (a key list or <c>key_groups</c>): empty when absent or null.</summary>
    public static IReadOnlyList<TreeBranch> Mappings(TreeBranch parent, string name, string fileName)
    {
        switch (parent.Get(name))
        {
            case null or NullValue:
                return [];
            case Sequence seq:
                var list = new List<TreeBranch>(seq.Items.Count);
                foreach (var item in seq.Items)
                {
                    if (item is CommentValue) continue;
                    list.Add(item as TreeBranch ?? throw Invalid(fileName, $"each item of '{name}' must be a mapping, not {Describe(item)}"));
                }
                return list;
            case var node:
                throw Invalid(fileName, $"'{name}' must be a list, not {Describe(node)}");
        }
    }

    public static MalformedFileException Invalid(string fileName, string what) =>
        new(ExitCodes.Generic, $"{fileName}: invalid sops metadata: {what}");

    private static string Describe(TreeNode node) => node switch
    {
        StringValue s => $"the string '{Echo.Bounded(s.Value)}'",
        TreeBranch or Sequence => "a " + Kind(node),
        _ => $"'{Echo.Bounded(MetadataReader.Scalar(node))}'",
    };

    private static string Kind(TreeNode node) => node is Sequence ? "list" : node is TreeBranch ? "mapping" : "scalar";
}
