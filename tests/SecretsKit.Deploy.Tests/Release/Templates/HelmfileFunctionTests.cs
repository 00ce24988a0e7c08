using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Templates;
using SecretsKit.Go.Text;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Deploy.Tests.Release.Templates;

/// <summary>Every function helmfiles and ExternalSecret templates use, each against sprig's / helmfile's documented result.</summary>
public sealed class HelmfileFunctionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gotemplate-").FullName;

    private static readonly Dictionary<string, object?> Data = new(StringComparer.Ordinal)
    {
        ["s"] = " Hello World ",
        ["m"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["b"] = new List<object?> { 1L, "two" },
            ["a"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["x"] = "val" },
        },
        ["zero"] = 0L,
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TemplateFunctions Helmfile(bool allowExec = false, params (string, string)[] env) =>
        HelmfileFunctions.Create(new HelmfileTemplateContext(
            new MapEnvironment(env.ToDictionary(e => e.Item1, e => e.Item2), _dir, _dir), _dir, new SystemProcessRunner(), allowExec));

    private string Render(string text, TemplateFunctions? functions = null) => Template.Render("t", text, Data, functions ?? Helmfile());

    [Theory]
    [InlineData("{{ \"a\" | quote }} {{ quote \"b\" 1 }}", "\"a\" \"b\" \"1\"")]
    [InlineData("{{ \"it\" | squote }}", "'it'")]
    [InlineData("{{ .s | trim | upper }}|{{ .s | lower }}", "HELLO WORLD| hello world ")]
    [InlineData("{{ .s | replace \"o\" \"0\" }}", " Hell0 W0rld ")]
    [InlineData("{{ \"a\\nb\" | indent 2 }}", "  a\n  b")]
    [InlineData("x:{{ \"a\\nb\" | nindent 4 }}", "x:\n    a\n    b")]
    [InlineData("{{ printf \"%s:%d\" \"port\" 80 }}", "port:80")]
    [InlineData("{{ .missing | default \"d\" }} {{ .zero | default 5 }} {{ \"v\" | default \"d\" }}", "d 5 v")]
    [InlineData("{{ empty .zero }} {{ empty .s }}", "true false")]
    [InlineData("{{ coalesce .missing \"\" \"c\" }} {{ ternary \"y\" \"n\" true }}", "c y")]
    [InlineData("{{ list 1 \"a\" | toJson }}", "[1,\"a\"]")]
    [InlineData("{{ dict \"k\" \"v\" \"n\" 1 | toJson }}", "{\"k\":\"v\",\"n\":1}")]
    [InlineData("{{ hasKey .m \"a\" }} {{ hasKey .m \"q\" }}", "true false")]
    [InlineData("{{ \"hi\" | b64enc }} {{ \"aGk=\" | b64dec }}", "aGk= hi")]
    [InlineData("{{ .m | toYaml }}", "a:\n  x: val\nb:\n  - 1\n  - two\n")]
    [InlineData("{{ (\"a: [1, x]\\nb: {c: true}\" | fromYaml).b.c }} {{ index (\"a: [1, x]\" | fromYaml).a 1 }}", "true x")]
    [InlineData("{{ \"{\\\"a\\\":1}\" | fromJson | toJson }} {{ \"<&>\" | toJson }}", "{\"a\":1} \"\\u003c\\u0026\\u003e\"")]
    [InlineData("{{ semverCompare \">=1.2.0\" \"1.10.1\" }} {{ semverCompare \"~1.2\" \"1.3.0\" }} {{ semverCompare \"^1.2\" \"1.9.9\" }}", "true false true")]
    [InlineData("{{ semverCompare \"1.2.x || >=3\" \"3.1.0\" }} {{ semverCompare \">=1.0.0\" \"1.1.0-rc1\" }} {{ semverCompare \"1.0 - 1.4\" \"v1.4.0\" }}", "true false true")]
    [InlineData("{{ get \"a.x\" .m }} {{ .m | get \"a.q\" \"dflt\" }} {{ getOrNil \"q\" .m | default \"nil\" }}", "val dflt nil")]
    [InlineData("{{ tpl \"{{ .a.x }}!\" .m }}", "val!")]
    [InlineData("{{ join \",\" (list \"a\" \"b\") }} {{ trimSuffix \"-x\" \"a-x\" }} {{ contains \"ll\" \"hello\" }}", "a,b a true")]
    public void Functions_behave_as_sprig_and_helmfile_document(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void RequiredEnv_returns_a_set_variable_and_env_returns_empty_for_an_unset_one() =>
        Assert.Equal("v|", Render("{{ requiredEnv \"A\" }}|{{ env \"B\" }}", Helmfile(env: ("A", "v"))));

    [Fact]
    public void RequiredEnv_of_a_missing_variable_fails_with_helmfiles_message_and_location()
    {
        var e = Assert.Throws<GoTemplateException>(() => Template.Render("helmfile.yaml", "x:\n  y: {{ requiredEnv \"DB_HOST\" }}", Data, Helmfile()));
        Assert.Equal("template: helmfile.yaml:2:8: executing \"helmfile.yaml\" at <requiredEnv \"DB_HOST\">: error calling requiredEnv: required env var `DB_HOST` is not set", e.Message);
    }

    [Fact]
    public void Required_fails_with_the_given_message_on_nil_or_empty()
    {
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ required \"db.host is required\" .missing }}"));
        Assert.EndsWith("error calling required: db.host is required", e.Message, StringComparison.Ordinal);
        Assert.Equal("ok", Render("{{ required \"x\" \"ok\" }}"));
    }

    [Fact]
    public void ReadFile_reads_relative_to_the_state_directory_and_names_a_missing_file()
    {
        File.WriteAllText(Path.Combine(_dir, "f.txt"), "content");
        Assert.Equal("content", Render("{{ readFile \"f.txt\" }}"));
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ readFile \"nope.txt\" }}"));
        Assert.EndsWith($"error calling readFile: open {Path.Join(_dir, "nope.txt")}: no such file or directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exec_is_refused_unless_allowed_and_then_runs_the_command()
    {
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ exec \"echo\" (list \"hi\") }}"));
        Assert.Contains("exec is disabled", e.Message, StringComparison.Ordinal);
        Assert.Equal("hi\n", Render("{{ exec \"echo\" (list \"hi\") }}", Helmfile(allowExec: true)));
    }

    [Fact]
    public void Helmfile_get_without_default_fails_without_printing_the_values()
    {
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ get \"a.secret\" .m }}"));
        Assert.EndsWith("no value exist for key \"secret\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("map[", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sprig_set_without_helmfile_functions_rejects_requiredEnv_at_parse_time()
    {
        var e = Assert.Throws<GoTemplateException>(() => Template.Parse("es", "{{ requiredEnv \"X\" }}", TemplateFunctions.Sprig));
        Assert.Equal("template: es:1: function \"requiredEnv\" not defined", e.Message);
    }

    [Fact]
    public void Bad_base64_renders_gos_error_text_as_sprig_does() =>
        Assert.Equal("illegal base64 data at input byte 0", Render("{{ \"!!\" | b64dec }}"));
}
