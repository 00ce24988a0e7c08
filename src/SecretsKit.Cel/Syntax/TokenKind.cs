namespace SecretsKit.Cel.Syntax;

/// <summary>Lexical token kinds of CEL.</summary>
internal enum TokenKind
{
    End,
    Int,
    UInt,
    Double,
    String,
    Bytes,
    Ident,

    /// <summary>A backtick-quoted field name (<c>a.`b-c`</c>).</summary>
    QuotedIdent,
    Punct,
}
