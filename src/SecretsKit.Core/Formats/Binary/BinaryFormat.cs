using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Binary;

/// <summary>
/// The sops binary store: the whole plaintext is one value <c>data</c> (raw bytes); encrypted files are JSON
/// <c>{"data": "ENC[…]", "sops": {…}}</c>.
/// </summary>
public sealed class BinaryFormat : IFormat
{
    internal const string DataKey = "data";
    private readonly JsonFormat _json;

    /// <param name="indent">The JSON indent of encrypted files (<c>stores.json_binary.indent</c>): null = TAB, n ≥ 0 = n spaces.</param>
    public BinaryFormat(int? indent = null) => _json = new JsonFormat(indent);

    public string Name => "binary";

    public SopsTree ExampleTree { get; } = new([new TreeBranch([
        new TreeItem(DataKey, new BytesValue(Encoding.UTF8.GetBytes("Welcome to SOPS! Edit this file as you please!"))),
    ])]);

    public SopsTree ParsePlain(byte[] input)
    {
        DocumentBudget.CheckSize(input.Length, "binary");
        return new([new TreeBranch([new TreeItem(DataKey, new BytesValue(input.ToArray()))])]);
    }

    public EncryptedDocument ParseEncrypted(byte[] input) => _json.ParseEncrypted(input);

    public byte[] EmitPlain(SopsTree tree)
    {
        if (tree.Branches.Count != 1)
        {
            throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                "error emitting binary store: there must be exactly one tree branch");
        }
        foreach (var item in tree.Branches[0].Items)
        {
            if (item.Key != DataKey) continue;
            return item.Value switch
            {
                BytesValue b => b.Value.ToArray(),
                StringValue s => Encoding.UTF8.GetBytes(s.Value),
                _ => throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                    "error emitting binary store: the 'data' key does not have a string value"),
            };
        }
        throw new SecretsKitException(ExitCodes.ErrorDumpingTree, "error emitting binary store: no 'data' key found in the tree");
    }

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => _json.EmitEncrypted(tree, metadata);

    public byte[] EmitValue(TreeNode value) =>
        throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
            "binary files are not structured, so extracting a single value is not possible");
}
