using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Model;

/// <summary>
/// Reads the parts of a spec that a tenant may have written with the wrong shape (a string where an object belongs,
/// an object where a list does): such a part is read as its default and kept as the first <see cref="Problem"/>, which
/// the reconcile reports on the object, so a malformed object never escapes parsing (in a watch handler or a pass).
/// </summary>
internal sealed class SpecReader
{
    /// <summary>A reader of <paramref name="obj"/>'s spec: an object the API client could only read in part is its first problem.</summary>
    public SpecReader(JsonObject obj)
    {
        if (obj.GetUnreadableReason() is { } reason) Problem = new SpecProblem("spec", Messages.Unreadable(obj.GetKind() ?? "object", reason));
    }

    /// <summary>The first part that had the wrong shape, or null.</summary>
    public SpecProblem? Problem { get; private set; }

    /// <summary>Records a problem when a field of <paramref name="obj"/> is present with another JSON kind than expected (a list's items must be objects).</summary>
    public void Expect(JsonObject obj, string prefix, params (string Field, JsonValueKind Kind)[] fields)
    {
        foreach (var (field, kind) in fields)
        {
            if (obj[field] is not { } node) continue;
            var actual = node.GetValueKind();
            if (actual != kind) Fail($"{prefix}.{field}", kind);
            else if (kind == JsonValueKind.Array && node.AsArray().Any(item => item is not JsonObject)) Fail($"{prefix}.{field}[]", JsonValueKind.Object);
        }
    }

    /// <summary>Records a problem when <paramref name="field"/> is present but not a list of strings.</summary>
    public void ExpectStrings(JsonObject obj, string prefix, string field)
    {
        if (obj[field] is not { } node) return;
        if (node is not JsonArray list) Fail($"{prefix}.{field}", JsonValueKind.Array);
        else if (list.Any(item => item?.GetValueKind() != JsonValueKind.String)) Fail($"{prefix}.{field}[]", JsonValueKind.String);
    }

    /// <summary>Reads one part; a shape error inside it (the JSON API's exceptions) gives <paramref name="fallback"/> and a problem.</summary>
    public T Read<T>(string path, Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            Problem ??= new SpecProblem(path, Messages.MalformedField(path, null));
            return fallback;
        }
    }

    /// <summary>Records a problem: <paramref name="path"/> has the right JSON kind but not the form it needs (<paramref name="expected"/>).</summary>
    public void Invalid(string path, string expected) => Problem ??= new SpecProblem(path, Messages.MalformedField(path, expected));

    private void Fail(string path, JsonValueKind expected) => Problem ??= new SpecProblem(path, Messages.MalformedField(path, KindName(expected)));

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
