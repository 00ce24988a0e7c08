using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>The renderer follows Go template / sprig / Helm semantics where the chart relies on them, and refuses the rest.</summary>
public sealed class ChartRendererTests
{
    private static string RenderOne(string template, Dictionary<string, object?>? values = null, string? helpers = null)
    {
        using var dir = new TempDir();
        dir.Write("c/templates/t.yaml", template);
        if (helpers is not null) dir.Write("c/templates/_h.tpl", helpers);
        var output = ChartRenderer.Load(dir.File("c")).Render(values ?? [], new Dictionary<string, object?> { ["name"] = "c", ["version"] = "1.0.0", ["appVersion"] = "2.0" },
            new ChartRendererRelease("rel", "ns"));
        return output.TryGetValue("templates/t.yaml", out var text) ? text : "";
    }

    [Fact]
    public void Unknown_function_fails_when_the_chart_is_loaded()
    {
        var e = Assert.Throws<ChartRendererException>(() => RenderOne("a: {{ .Values.x | sha256sum }}"));
        Assert.Contains("function \"sha256sum\" not defined", e.Message, StringComparison.Ordinal);
        Assert.Contains("templates/t.yaml:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_keyword_and_method_calls_are_errors()
    {
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ block \"x\" . }}{{ end }}"));
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ if .Capabilities.APIVersions.Has \"v1\" }}x{{ end }}"));
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ .Release.Nope }}"));
    }

    [Fact]
    public void Trim_markers_and_comments_remove_whitespace_like_go_templates()
    {
        Assert.Equal("a:b\nc", RenderOne("a:   {{- /* note */ -}}   b\n{{- \"\" }}\nc"));
        Assert.Equal("x 3 y", RenderOne("x {{ 3 }} y"));
    }

    [Fact]
    public void Missing_map_keys_are_nil_but_fields_of_nil_are_errors()
    {
        Assert.Equal("v=", RenderOne("v={{ .Values.missing }}"));
        var e = Assert.Throws<ChartRendererException>(() => RenderOne("v={{ .Values.missing.deeper }}"));
        Assert.Contains("nil pointer evaluating interface {}.deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_from_values_are_float64_so_comparing_them_with_int_literals_needs_int()
    {
        var values = new Dictionary<string, object?> { ["n"] = 2.0, ["big"] = 1000000.0 };
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ if gt .Values.n 1 }}x{{ end }}", values));
        Assert.Equal("x", RenderOne("{{ if gt (int .Values.n) 1 }}x{{ end }}", values));
        Assert.Equal("2 1e+06 \"2\"", RenderOne("{{ .Values.n }} {{ .Values.big }} {{ .Values.n | quote }}", values));
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ printf \"%d\" .Values.n }}", values));
    }

    [Fact]
    public void Control_structures_scope_variables_and_iterate_maps_in_key_order()
    {
        var values = new Dictionary<string, object?>
        {
            ["m"] = new Dictionary<string, object?> { ["b"] = "2", ["a"] = "1" },
            ["l"] = new List<object?> { "x", "y" },
            ["mode"] = "two",
        };
        Assert.Equal("a=1;b=2;", RenderOne("{{ range $k, $v := .Values.m }}{{ $k }}={{ $v }};{{ end }}", values));
        Assert.Equal("0x1y|rel", RenderOne("{{ range $i, $e := .Values.l }}{{ $i }}{{ . }}{{ end }}|{{ $.Release.Name }}", values));
        Assert.Equal("second", RenderOne("{{ if eq .Values.mode \"one\" }}first{{ else if eq .Values.mode \"two\" }}second{{ else }}third{{ end }}", values));
        Assert.Equal("none", RenderOne("{{ with .Values.absent }}{{ . }}{{ else }}none{{ end }}", values));
        Assert.Equal("b", RenderOne("{{ $x := \"a\" }}{{ if true }}{{ $x = \"b\" }}{{ end }}{{ $x }}", values));
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}", values));
    }

    [Fact]
    public void Sprig_and_helm_functions_behave_like_helm()
    {
        var values = new Dictionary<string, object?>
        {
            ["map"] = new Dictionary<string, object?> { ["z"] = "true", ["a"] = new List<object?> { 1.0, "x y" }, ["e"] = new Dictionary<string, object?>() },
        };
        Assert.Equal("\n  a:\n  - 1\n  - \"x y\"\n  e: {}\n  z: \"true\"", RenderOne("{{ toYaml .Values.map | nindent 2 }}", values));
        Assert.Equal("abc", RenderOne("{{ \"abcdef-\" | trunc 3 }}"));
        Assert.Equal("abc", RenderOne("{{ \"abc-\" | trimSuffix \"-\" }}"));
        Assert.Equal("fallback|set", RenderOne("{{ default \"fallback\" .Values.none }}|{{ default \"fallback\" \"set\" }}"));
        Assert.Equal("aGk=", RenderOne("{{ b64enc \"hi\" }}"));
        Assert.Equal("true false", RenderOne("{{ empty \"\" }} {{ empty (list 1) }}"));
        Assert.Equal("c-1.0.0 rel-c", RenderOne("{{ include \"n\" . }} {{ printf \"%s-%s\" .Release.Name .Chart.Name }}", helpers: "{{- define \"n\" -}}{{ .Chart.Name }}-{{ .Chart.Version }}{{- end -}}"));
        Assert.Equal("v", RenderOne("{{ include \"d\" (dict \"k\" \"v\") }}", helpers: "{{- define \"d\" -}}{{ .k }}{{- end -}}"));
        var e = Assert.Throws<ChartRendererException>(() => RenderOne("{{ required \"x is required\" .Values.x }}"));
        Assert.Contains("x is required", e.Message, StringComparison.Ordinal);
        Assert.Throws<ChartRendererException>(() => RenderOne("{{ .Values.none | nindent 2 }}"));
        Assert.Equal("yes", RenderOne("{{ if and true (or false \"s\") (not false) }}yes{{ end }}"));
    }
}
