using SecretsKit.Agent.Templates.Functions;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Tests;

/// <summary>The agent's parse-once cache renders exactly what a fresh parse renders, keeps no failed parse, and stays bounded.</summary>
public sealed class TemplateCacheTests
{
    private static readonly TemplateOptions Strict = new(MissingKeyIsError: true);

    [Fact]
    public void A_cached_template_renders_each_data_as_a_fresh_parse_does_and_is_kept_once()
    {
        var cache = new TemplateCache(EsoTemplateFunctions.Table);
        const string text = "{{ .user | upper }}:{{ .password | b64enc }}";
        foreach (var i in Enumerable.Range(0, 50))
        {
            var data = new Dictionary<string, object?> { ["user"] = $"u{i}", ["password"] = $"p{i}" };
            Assert.Equal(Template.Render("k", text, data, EsoTemplateFunctions.Table, Strict), cache.Render("k", text, data, Strict));
        }
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void The_name_is_part_of_the_key_so_errors_name_the_field_they_come_from()
    {
        var cache = new TemplateCache(EsoTemplateFunctions.Table);
        var empty = new Dictionary<string, object?>();
        Assert.StartsWith("template: a:1:3:", Assert.Throws<GoTemplateException>(() => cache.Render("a", "{{ .x }}", empty, Strict)).Message, StringComparison.Ordinal);
        Assert.StartsWith("template: b:1:3:", Assert.Throws<GoTemplateException>(() => cache.Render("b", "{{ .x }}", empty, Strict)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parse_error_is_not_kept_and_the_cache_starts_over_past_its_character_bound()
    {
        var cache = new TemplateCache(EsoTemplateFunctions.Table, maxCharacters: 100);
        Assert.Throws<GoTemplateException>(() => cache.Render("bad", "{{ nope }}", null));
        Assert.Equal(0, cache.Count);
        for (var i = 0; i < 20; i++) cache.Render($"t{i}", "0123456789", null);
        Assert.InRange(cache.Count, 1, 10);
    }
}
