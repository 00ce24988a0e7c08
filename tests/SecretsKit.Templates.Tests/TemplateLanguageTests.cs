using SecretsKit.Go.Values;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests;

/// <summary>The language itself, each case from Go text/template's documented behaviour.</summary>
public sealed class TemplateLanguageTests
{
    private static readonly Dictionary<string, object?> Data = new(StringComparer.Ordinal)
    {
        ["name"] = "web",
        ["n"] = 3L,
        ["empty"] = "",
        ["list"] = new List<object?> { "a", "b", "c" },
        ["map"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["z"] = 1L, ["a"] = 2L },
        ["nested"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["inner"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["v"] = "deep" } },
        ["Env"] = new GoStruct("state.Environment", new Dictionary<string, object?> { ["Name"] = "prod" }),
    };

    private static string Render(string text, object? data = null, TemplateOptions? options = null) =>
        Template.Render("t", text, data ?? Data, TemplateFunctions.Sprig, options);

    [Theory]
    [InlineData("{{ .name }}", "web")]
    [InlineData("{{ .nested.inner.v }}", "deep")]
    [InlineData("{{ .Env.Name }}", "prod")]
    [InlineData("{{ .name | printf \"%s-x\" }}", "web-x")]
    [InlineData("{{ if .name }}yes{{ else }}no{{ end }}", "yes")]
    [InlineData("{{ if .empty }}a{{ else if .name }}b{{ else }}c{{ end }}", "b")]
    [InlineData("{{ with .nested.inner }}{{ .v }}{{ end }}", "deep")]
    [InlineData("{{ with .empty }}x{{ else with .name }}{{ . }}{{ end }}", "web")]
    [InlineData("{{ range .list }}[{{ . }}]{{ end }}", "[a][b][c]")]
    [InlineData("{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}", "0=a;1=b;2=c;")]
    [InlineData("{{ range $k, $v := .map }}{{ $k }}{{ $v }}{{ end }}", "a2z1")]
    [InlineData("{{ range .missing }}x{{ else }}none{{ end }}", "none")]
    [InlineData("{{ range .list }}{{ if eq . \"b\" }}{{ break }}{{ end }}{{ . }}{{ end }}", "a")]
    [InlineData("{{ range .list }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ . }}{{ end }}", "ac")]
    [InlineData("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "2")]
    [InlineData("{{ range .list }}{{ $.name }}{{ end }}", "webwebweb")]
    [InlineData("a  {{- .name -}}  b", "awebb")]
    [InlineData("a {{/* comment */}} b", "a  b")]
    [InlineData("a {{- /* comment */ -}} b", "ab")]
    [InlineData("{{ define \"x\" }}<{{ . }}>{{ end }}{{ template \"x\" .name }}", "<web>")]
    [InlineData("{{ block \"b\" .n }}[{{ . }}]{{ end }}", "[3]")]
    [InlineData("{{ and 1 0 }} {{ or 0 \"\" \"z\" }} {{ not false }}", "0 z true")]
    [InlineData("{{ and false .missing.deeper }}", "false")]
    [InlineData("{{ eq .n 3 }} {{ ne .name \"x\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 1 }} {{ ge 1 2 }}", "true true true true true false")]
    [InlineData("{{ eq .name \"a\" \"web\" }}", "true")]
    [InlineData("{{ len .list }} {{ len .name }} {{ len .map }}", "3 3 2")]
    [InlineData("{{ index .list 1 }} {{ index .map \"z\" }} {{ index .nested \"inner\" \"v\" }}", "b 1 deep")]
    [InlineData("{{ print 1 2 \"a\" 3 }}", "1 2a3")]
    [InlineData("{{ println 1 \"a\" }}", "1 a\n")]
    [InlineData("{{ printf \"%d|%5s|%-4s|%q|%v|%t|%x|%05.2f\" 7 \"ab\" \"cd\" \"q\" .list true 255 3.14159 }}", "7|   ab|cd  |\"q\"|[a b c]|true|ff|03.14")]
    [InlineData("{{ printf \"%s %s\" \"one\" }}", "one %!s(MISSING)")]
    [InlineData("{{ .missing }}", "<no value>")]
    [InlineData("{{ .map }}", "map[a:2 z:1]")]
    [InlineData("{{ (index .nested \"inner\").v }}", "deep")]
    [InlineData("{{ \"tab\\there\" }} {{ `raw\\n` }}", "tab\there raw\\n")]
    [InlineData("{{ 0x1F }} {{ 1.5 }} {{ -2 }}", "31 1.5 -2")]
    public void Renders_as_go_text_template_does(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void Missing_map_key_is_an_error_naming_file_line_column_and_node_when_missingkey_is_error()
    {
        var e = Assert.Throws<GoTemplateException>(() =>
            Template.Render("helmfile.yaml", "a: 1\nb: {{ .Values.version.app }}", new Dictionary<string, object?> { ["Values"] = new Dictionary<string, object?>() },
                TemplateFunctions.Sprig, new TemplateOptions(MissingKeyIsError: true)));
        Assert.Equal("template: helmfile.yaml:2:13: executing \"helmfile.yaml\" at <.Values.version.app>: map has no entry for key \"version\"", e.Message);
    }

    [Fact]
    public void Unknown_function_is_a_parse_error_naming_file_line_and_column()
    {
        var e = Assert.Throws<GoTemplateException>(() => Template.Parse("values.yaml.gotmpl", "x: 1\ny: {{ .a | sha999 }}", TemplateFunctions.Sprig));
        Assert.Equal("template: values.yaml.gotmpl:2: function \"sha999\" not defined", e.Message);
    }

    [Theory]
    [InlineData("{{ if .name }}x", "template: t:1: unexpected EOF")]
    [InlineData("{{ end }}", "template: t:1: unexpected {{end}}")]
    [InlineData("{{ .name ", "template: t:1: unclosed action")]
    [InlineData("{{ break }}", "template: t:1: {{break}} outside {{range}}")]
    [InlineData("{{ \"abc }}", "template: t:1: unterminated quoted string")]
    [InlineData("{{ $nope }}", "template: t:1: undefined variable \"$nope\"")]
    // Go names the line of the }} that ends an empty action, and reports what its parser meets before the lexer's error
    [InlineData("a\n{{ \n\n }}", "template: t:4: missing value for command")]
    [InlineData("{{$x += 1}}{{$x}}", "template: t:1: undefined variable \"$x\"")]
    [InlineData("{{$y}}{{$x += 1}}", "template: t:1: undefined variable \"$y\"")]
    [InlineData("{{ with $x := 1 }}{{ end }}{{ $x }}", "template: t:1: undefined variable \"$x\"")]
    public void Parse_errors_have_gos_shape(string template, string message) =>
        Assert.Equal(message, Assert.Throws<GoTemplateException>(() => Template.Parse("t", template, TemplateFunctions.Sprig)).Message);

    [Theory]
    [InlineData("{{ .name.x }}", "template: t:1:8: executing \"t\" at <.name.x>: can't evaluate field x in type interface {}")]
    [InlineData("{{ .Env.Nope }}", "template: t:1:7: executing \"t\" at <.Env.Nope>: can't evaluate field Nope in type interface {}")]
    [InlineData("{{ $e := .Env }}{{ $e.Nope }}", "template: t:1:21: executing \"t\" at <$e.Nope>: can't evaluate field Nope in type state.Environment")]
    [InlineData("{{ nil }}", "template: t:1:3: executing \"t\" at <nil>: nil is not a command")]
    [InlineData("{{ index .list 9 }}", "template: t:1:3: executing \"t\" at <index .list 9>: error calling index: index out of range: 9")]
    [InlineData("{{ lt .name 1 }}", "template: t:1:3: executing \"t\" at <lt .name 1>: error calling lt: incompatible types for comparison")]
    [InlineData("{{ upper 1 }}", "template: t:1:9: executing \"t\" at <1>: expected string; found 1")]
    [InlineData("{{ upper }}", "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0")]
    [InlineData("{{ .name 1 }}", "template: t:1:3: executing \"t\" at <.name>: name is not a method but has arguments")]
    [InlineData("{{ range .name }}x{{ end }}", "template: t:1:9: executing \"t\" at <.name>: range can't iterate over a value of type string")]
    // a type error found after evaluating a parenthesised or chained argument is at the last node evaluated inside it
    [InlineData("{{ (index .map \"a\").b }}", "template: t:1:15: executing \"t\" at <\"a\">: can't evaluate field b in type int")]
    [InlineData("{{ upper (printf \"%d\" 1 | len) }}", "template: t:1:26: executing \"t\" at <len>: wrong type for value; expected string; got int")]
    [InlineData("{{ upper (len .list) }}", "template: t:1:14: executing \"t\" at <.list>: wrong type for value; expected string; got int")]
    [InlineData("{{ template \"none\" }}", "template: t:1:12: executing \"t\" at <{{template \"none\"}}>: template \"none\" not defined")]
    public void Execution_errors_have_gos_shape(string template, string message) =>
        Assert.Equal(message, Assert.Throws<GoTemplateException>(() => Render(template)).Message);

    [Fact]
    public void Error_location_inside_a_define_names_the_defined_template()
    {
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ define \"d\" }}\n  {{ fail \"boom\" }}{{ end }}{{ template \"d\" }}"));
        Assert.Equal("template: t:2:5: executing \"d\" at <fail \"boom\">: error calling fail: boom", e.Message);
    }
}
