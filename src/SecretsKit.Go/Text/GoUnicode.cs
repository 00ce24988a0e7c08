using System.Text;

namespace SecretsKit.Go.Text;

/// <summary>
/// Go's <c>unicode.ToUpper</c>, <c>ToLower</c> and <c>ToTitle</c>: Unicode's simple case mappings, as .NET's invariant
/// casing gives them except where .NET leaves a mapping out on purpose (the Turkish dotless and dotted i: Go maps
/// <c>ı</c> to <c>I</c> and <c>İ</c> to <c>i</c>) or has no such mapping (title case: the digraphs <c>Ǆ ǆ</c>, <c>Ǉ</c>,
/// <c>Ǌ</c> and <c>Ǳ</c> have a title form of their own, and Georgian letters are their own title form).
/// </summary>
public static class GoUnicode
{
    public static Rune ToUpper(Rune r) => r.Value == 0x131 ? new Rune('I') : Rune.ToUpperInvariant(r);

    public static Rune ToLower(Rune r) => r.Value == 0x130 ? new Rune('i') : Rune.ToLowerInvariant(r);

    public static Rune ToTitle(Rune r) => r.Value switch
    {
        >= 0x1C4 and <= 0x1C6 => new Rune(0x1C5),
        >= 0x1C7 and <= 0x1C9 => new Rune(0x1C8),
        >= 0x1CA and <= 0x1CC => new Rune(0x1CB),
        >= 0x1F1 and <= 0x1F3 => new Rune(0x1F2),
        // Georgian Mkhedruli and its extension letters: upper case is Mtavruli, title case the letter itself
        (>= 0x10D0 and <= 0x10FA) or (>= 0x10FD and <= 0x10FF) => r,
        _ => ToUpper(r),
    };
}
