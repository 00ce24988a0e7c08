using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Text;
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

    public byte[] EmitPlain(SopsTree tree) => FormatOutput.ToArray(output => EmitPlain(tree, output));

    /// <summary>Writes the <c>data</c> value as it is: raw bytes, or a string as UTF-8 (a slice at a time).</summary>
    public void EmitPlain(SopsTree tree, Stream output)
    {
        if (tree.Branches.Count != 1)
        {
            throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                "error emitting binary store: there must be exactly one tree branch");
        }
        foreach (var item in tree.Branches[0].Items)
        {
            if (item.Key != DataKey) continue;
            switch (item.Value)
            {
                case BytesValue b:
                    output.Write(b.Value);
                    return;
                case StringValue s:
                    var text = new Utf8TextOutput(output);
                    text.Append(s.Value);
                    text.Finish();
                    return;
                default:
                    throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
                        "error emitting binary store: the 'data' key does not have a string value");
            }
        }
        throw new SecretsKitException(ExitCodes.ErrorDumpingTree, "error emitting binary store: no 'data' key found in the tree");
    }

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => _json.EmitEncrypted(tree, metadata);

    public void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output) => _json.EmitEncrypted(tree, metadata, output);

    public byte[] EmitValue(TreeNode value) =>
        throw new SecretsKitException(ExitCodes.ErrorDumpingTree,
            "binary files are not structured, so extracting a single value is not possible");
}
