namespace SecretsKit.Cel.Tests.Conformance;

/// <summary>One conformance test, and why it cannot run here when it cannot.</summary>
internal sealed record ConformanceCase(
    string File,
    string Section,
    string Name,
    string Expr,
    string Container,
    Dictionary<string, object?> Bindings,
    bool ExpectError,
    object? Expected,
    string? SkipReason)
{
    public string Id => $"{File}/{Section}/{Name}";

    private static readonly string[] ProtoMarkers =
        ["TestAllTypes", "NestedMessage", "google.protobuf.", "GlobalEnum", "NestedEnum", "proto2", "proto3", "cel.expr.conformance", "Value{"];

    public static IEnumerable<ConformanceCase> Read(string file, TextProtoNode root)
    {
        foreach (var section in root.All("section").Cast<TextProtoNode>())
        {
            foreach (var test in section.All("test").Cast<TextProtoNode>())
                yield return From(file, section.Text("name") ?? "", test);
        }
    }

    private static ConformanceCase From(string file, string section, TextProtoNode test)
    {
        var name = test.Text("name") ?? "";
        var expr = test.Text("expr") ?? "";
        var container = test.Text("container") ?? "";
        var bindings = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? skip = null;
        object? expected = true;
        var expectError = false;
        try
        {
            foreach (var binding in test.All("bindings").Cast<TextProtoNode>())
                bindings[binding.Text("key")!] = ConformanceValues.ToCel(binding.Node("value")!.Node("value")!);
            if (test.Node("value") is { } value)
                expected = ConformanceValues.ToCel(value);
            else if (test.Node("typed_result")?.Node("result") is { } typed)
                expected = ConformanceValues.ToCel(typed);
            else if (test.One("eval_error") is not null)
                expectError = true;
            else if (test.One("unknown") is not null || test.One("any_eval_errors") is not null || test.One("any_unknowns") is not null)
                skip = "expects unknown sets (partial evaluation attributes)";
        }
        catch (NotSupportedException e)
        {
            skip = "needs protobuf message types: " + e.Message;
        }
        if (skip is null && test.Text("check_only") == "true")
            skip = "type-checker only (no evaluation)";
        if (skip is null && ProtoMarkers.FirstOrDefault(m => expr.Contains(m, StringComparison.Ordinal) || container.Contains(m, StringComparison.Ordinal)) is { } marker)
            skip = $"needs protobuf message types ({marker})";
        return new ConformanceCase(file, section, name, expr, container, bindings, expectError, expected, skip);
    }
}
