namespace SecretsKit.Go.Json;

/// <summary>
/// How <see cref="GoJsonWriter"/> writes: <see cref="Indent"/> null is compact (<c>json.Marshal</c>), else the unit of
/// <c>json.MarshalIndent</c>/<c>json.Indent</c> with an empty prefix; <see cref="EscapeHtml"/> is <c>&lt; &gt; &amp;</c> as
/// <c>\u003c</c>… (<c>json.Marshal</c>; an <c>Encoder</c> with <c>SetEscapeHTML(false)</c> writes them as they are).
/// </summary>
public sealed record GoJsonOptions(string? Indent = null, bool EscapeHtml = true)
{
    /// <summary><c>json.Marshal</c> of current Go.</summary>
    public static GoJsonOptions Marshal { get; } = new();
}
