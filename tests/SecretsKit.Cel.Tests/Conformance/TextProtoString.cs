namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>A quoted text-format value: its bytes and their UTF-8 reading.</summary>
internal sealed record TextProtoString(byte[] Bytes)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
}
