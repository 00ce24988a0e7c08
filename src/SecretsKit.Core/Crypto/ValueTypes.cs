namespace SecretsKit.Core.Crypto;

/// <summary>The <c>type:</c> tags of sops' stored value format (spec §2): what a value's plaintext bytes mean.</summary>
internal static class ValueTypes
{
    public const string Str = "str";
    public const string Int = "int";
    public const string Float = "float";
    public const string Bool = "bool";
    public const string Time = "time";
    public const string Comment = "comment";
    public const string Bytes = "bytes";
}
