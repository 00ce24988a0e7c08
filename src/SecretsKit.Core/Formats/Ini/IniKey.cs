namespace SecretsKit.Core.Formats.Ini;

/// <summary>One go-ini key with its value and the comment written above it.</summary>
internal sealed class IniKey(string name, string value)
{
    public string Name { get; } = name;

    public string Value { get; set; } = value;

    public string Comment { get; set; } = "";
}
