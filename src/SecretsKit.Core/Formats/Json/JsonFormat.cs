using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Json;

/// <summary>The sops JSON store: Go-compatible parsing and <c>json.Marshal</c> + <c>json.Indent</c> output.</summary>
public sealed class JsonFormat : IFormat
{
    internal const string MetadataKey = "sops";
    private readonly string _indent;

    /// <param name="indent">null or -1 = one TAB (sops default); n ≥ 0 = n spaces (0 = newlines without indentation).</param>
    public JsonFormat(int? indent = null) => _indent = TreeJsonWriter.IndentUnit(indent);

    public string Name => "json";

    public SopsTree ExampleTree { get; } = new([new TreeBranch([
        new TreeItem("hello", new StringValue("Welcome to SOPS! Edit this file as you please!")),
        new TreeItem("example_key", new StringValue("example_value")),
        new TreeItem("example_array", new Sequence([new StringValue("example_value1"), new StringValue("example_value2")])),
        new TreeItem("example_number", new FloatValue(1234.56789)),
        new TreeItem("example_booleans", new Sequence([new BoolValue(true), new BoolValue(false)])),
    ])]);

    public SopsTree ParsePlain(byte[] input) => new([JsonTreeReader.ReadDocument(input)]);

    public EncryptedDocument ParseEncrypted(byte[] input)
    {
        var branch = JsonTreeReader.ReadDocument(input);
        TreeNode? metadata = null;
        var data = new List<TreeItem>(branch.Items.Count);
        foreach (var item in branch.Items)
        {
            if (item.Key == MetadataKey)
            {
                // sops 3.13 refuses a second "sops" key rather than letting one of them win.
                if (metadata is not null)
                {
                    throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                        "invalid sops metadata: the document has more than one top-level \"sops\" key");
                }
                metadata = item.Value;
                continue;
            }
            data.Add(item);
        }
        return metadata switch
        {
            TreeBranch md => new EncryptedDocument(new SopsTree([new TreeBranch(data)]), md),
            null or NullValue => throw new MetadataNotFoundException(
                "the JSON file has no top-level \"sops\" object; is it encrypted?"),
            _ => throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                "invalid sops metadata: the top-level \"sops\" value is not an object"),
        };
    }

    public byte[] EmitPlain(SopsTree tree) => FormatOutput.ToArray(output => EmitPlain(tree, output));

    public void EmitPlain(SopsTree tree, Stream output) =>
        EmitDocument(tree.Branches.Count > 0 ? tree.Branches[0] : TreeBranch.Empty, output);

    public byte[] EmitEncrypted(SopsTree tree, TreeBranch metadata) => FormatOutput.ToArray(output => EmitEncrypted(tree, metadata, output));

    public void EmitEncrypted(SopsTree tree, TreeBranch metadata, Stream output)
    {
        var branch = tree.Branches.Count > 0 ? tree.Branches[0] : TreeBranch.Empty;
        var items = new List<TreeItem>(branch.Items) { new(MetadataKey, metadata) };
        EmitDocument(new TreeBranch(items), output);
    }

    public byte[] EmitValue(TreeNode value)
    {
        switch (value)
        {
            case TreeBranch branch:
                return EmitPlain(new SopsTree([branch]));
            case StringValue s:
                return Encoding.UTF8.GetBytes(s.Value);
            case BytesValue b:
                return b.Value.ToArray();
            case CommentValue:
                throw new SecretsKitException(ExitCodes.ErrorDumpingTree, "cannot extract a comment as a JSON value");
            default:
                return TreeJsonWriter.Bytes(value, _indent);
        }
    }

    private void EmitDocument(TreeBranch branch, Stream output)
    {
        TreeJsonWriter.Check(branch);
        var writer = new TreeJsonWriter(_indent, output);
        writer.WriteValue(branch);
        writer.NewLine();
        writer.Finish();
    }
}
