using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Ini;

namespace SecretsKit.Core.Tests.Formats.Ini;

/// <summary>
/// The INI reader's long-value fast path: values of 64 KiB or more folded to markers before the text is decoded must
/// read back exactly as the original text reads, whatever surrounds them (or the reader falls back to the original).
/// </summary>
public sealed class IniFoldedValuesTests
{
    private static readonly string Long = string.Concat(Enumerable.Repeat("abcdefghij+/=,[]:", 5000));

    public static TheoryData<string> Documents() => new()
    {
        $"[section]\nbig = {Long}\n",
        $"[section]\nbig={Long}\r\nsmall = x\r\n",
        $"big: {Long}",
        $"; c\n[s]\n; key comment\na = 1\nbig = {Long}\nb = 2\n[t]\nbig = {Long}é\n",
        $"[s]\nbig = {Long}   \n",
        $"[s]\nbig = {Long} # comment\n",
        $"[s]\na = \"\"\"start\nbig = {Long}\nend\"\"\"\n",
        $"[s]\na = one \\\nb = {Long}\n",
        $"[s]\n; x = {Long}\nb = c\n",
        $"[s]\na=b = {Long}\n",
        $"[s]\n`quoted=key` = {Long}\n",
        $"[s]\nbig = {Long}\nbig = {Long}x\n",
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Reading_with_folded_values_equals_reading_the_original(string ini)
    {
        var bytes = Encoding.UTF8.GetBytes(ini);
        Assert.Equal(Describe(IniParser.ParseUnfolded(bytes)), Describe(IniParser.Parse(bytes)));
    }

    [Fact]
    public void Long_plain_values_are_folded_and_others_are_not()
    {
        Assert.Equal(2, IniFoldedValues.TryFold(Encoding.UTF8.GetBytes($"[s]\na = {Long}\nb = short\nc={Long}\n"))!.Count);
        Assert.Null(IniFoldedValues.TryFold(Encoding.UTF8.GetBytes($"[s]\na = \"{Long}\"\n")));
        Assert.Null(IniFoldedValues.TryFold(Encoding.UTF8.GetBytes($"[s]\na = {Long[..1000]}\n")));
        Assert.Null(IniFoldedValues.TryFold(Encoding.UTF8.GetBytes($"[s]\na = x\uE000 {Long}\n")));
    }

    [Fact]
    public void An_error_after_a_folded_value_is_the_original_texts_error()
    {
        var bytes = Encoding.UTF8.GetBytes($"[s]\nbig = {Long}\nno delimiter here\n");
        var folded = Assert.Throws<MalformedFileException>(() => IniParser.Parse(bytes));
        var original = Assert.Throws<MalformedFileException>(() => IniParser.ParseUnfolded(bytes));
        Assert.Equal(original.Message, folded.Message);
    }

    private static string Describe(List<IniSection> sections)
    {
        var sb = new StringBuilder();
        foreach (var section in sections)
        {
            sb.Append('[').Append(section.Name).Append("] ").Append(section.Comment).Append('\n');
            foreach (var key in section.Keys) sb.Append(key.Name).Append('=').Append(key.Value).Append(" ;").Append(key.Comment).Append('\n');
        }
        return sb.ToString();
    }
}
