namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>A message of protobuf text format: its fields in order; a value is a string (decoded bytes as UTF-8,
/// see <see cref="RawBytes"/>), a bare token (numbers, enum names, true/false) or a nested node.</summary>
internal sealed class TextProtoNode
{
    public List<(string Name, object Value)> Fields { get; } = [];

    /// <summary>For string values: the decoded bytes (bytes_value needs them, not their UTF-8 reading).</summary>
    public Dictionary<int, byte[]> RawBytes { get; } = [];

    public IEnumerable<object> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value);

    public object? One(string name) => All(name).FirstOrDefault();

    public TextProtoNode? Node(string name) => One(name) as TextProtoNode;

    public string? Text(string name) => One(name) switch
    {
        TextProtoString s => s.Text,
        TextProtoToken t => t.Text,
        _ => null,
    };
}
