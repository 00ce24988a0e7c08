using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's JSON functions: <c>toJson toPrettyJson toRawJson fromJson</c> and their <c>must</c> forms. The plain forms
/// swallow the error (<c>toJson</c> gives "", <c>fromJson</c> nil) except <c>toRawJson</c>, which panics in sprig.
/// </summary>
internal static class JsonFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["toJson"] = c => Swallow(() => JsonMarshal.Write(c.Exactly(1), c[0]));
        t["mustToJson"] = c => JsonMarshal.Write(c.Exactly(1), c[0]);
        t["toPrettyJson"] = c => Swallow(() => JsonMarshal.Write(c.Exactly(1), c[0], indent: "  "));
        t["mustToPrettyJson"] = c => JsonMarshal.Write(c.Exactly(1), c[0], indent: "  ");
        t["toRawJson"] = t["mustToRawJson"] = c => JsonMarshal.Write(c.Exactly(1), c[0], escapeHtml: false);
        t["fromJson"] = c => JsonUnmarshal.Read(c.Exactly(1).String(0)).Value;
        t["mustFromJson"] = c => JsonUnmarshal.Read(c.Exactly(1).String(0)) is { Error: { } e } ? throw new TemplateFunctionException(e) : JsonUnmarshal.Read(c.String(0)).Value;
    }

    private static string Swallow(Func<string> write)
    {
        try
        {
            return write();
        }
        catch (TemplateFunctionException)
        {
            return "";
        }
    }
}
