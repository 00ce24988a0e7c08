using System.Text;
using System.Text.Json;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <c>set</c>/<c>unset</c> on document 0 of a plaintext tree, and the JSON value syntax of <c>set</c>. Unlike sops, a
/// JSON integer is stored as an int (sops stores a bare number as float64) and a JSON array is accepted (sops: exit 7).
/// </summary>
public static class TreeValueEditor
{
    /// <summary>Parses one JSON value: objects keep key order, integers that fit int64 stay ints, arrays become lists.</summary>
    public static TreeNode ParseJsonValue(ReadOnlySpan<byte> json)
    {
        try
        {
            using var check = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            throw new SecretsKitException(ExitCodes.InvalidSetFormat, "invalid --set value format: the value must be JSON",
                "quote strings as JSON: '\"text\"'; numbers, true/false, null, objects and arrays are accepted as-is");
        }
        var wrapped = new List<byte>(json.Length + 8);
        wrapped.AddRange("{\"v\":"u8.ToArray());
        wrapped.AddRange(json.ToArray());
        wrapped.Add((byte)'}');
        var branch = JsonTreeReader.ReadDocument(wrapped.ToArray());
        return branch.Get("v") ?? NullValue.Instance;
    }

    public static TreeNode ParseJsonValue(string json) => ParseJsonValue(Encoding.UTF8.GetBytes(json));

    /// <summary>A copy of <paramref name="plain"/> with <paramref name="value"/> at <paramref name="path"/> in document 0; missing parents are created as mappings.</summary>
    public static SopsTree Set(SopsTree plain, TreePath path, TreeNode value)
    {
        var branches = plain.Branches.ToList();
        if (branches.Count == 0) branches.Add(TreeBranch.Empty);
        if (path.Components[0] is not string)
        {
            throw new SecretsKitException(ExitCodes.InvalidTreePathFormat, $"invalid tree path {path}: the first component must be a key",
                "use the form [\"key\"][0]");
        }
        branches[0] = path.Set(branches[0], value);
        return new SopsTree(branches);
    }

    /// <summary>A copy without the value at <paramref name="path"/> in document 0; null when there is nothing there.</summary>
    public static SopsTree? Unset(SopsTree plain, TreePath path)
    {
        if (plain.Branches.Count == 0) return null;
        var removed = path.Remove(plain.Branches[0]);
        if (removed is null) return null;
        var branches = plain.Branches.ToList();
        branches[0] = removed;
        return new SopsTree(branches);
    }
}
