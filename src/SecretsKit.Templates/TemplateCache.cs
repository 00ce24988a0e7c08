using System.Collections.Concurrent;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates;

/// <summary>
/// Parsed templates kept by name and text, so that a text rendered again (the agent renders every ExternalSecret's
/// template at every sync, and many share one text) is parsed once. A parsed <see cref="Template"/> is immutable and
/// each execution has its own state, so one may run on many threads. Bounded by the characters held: past
/// <paramref name="maxCharacters"/> the cache starts over (a parse error is never kept).
/// </summary>
public sealed class TemplateCache(TemplateFunctions functions, long maxCharacters = 4 << 20)
{
    private readonly ConcurrentDictionary<(string Name, string Text), Template> _parsed = new();
    private long _characters;

    /// <summary>Templates held now.</summary>
    public int Count => _parsed.Count;

    /// <summary>Parses <paramref name="text"/> (or takes it parsed) and executes it, as <see cref="Template.Render"/>.</summary>
    public string Render(string name, string text, object? data, TemplateOptions? options = null)
    {
        if (!_parsed.TryGetValue((name, text), out var template))
        {
            template = Template.Parse(name, text, functions);
            var size = (long)name.Length + text.Length;
            if (Interlocked.Add(ref _characters, size) > maxCharacters)
            {
                _parsed.Clear();
                Interlocked.Exchange(ref _characters, size);
            }
            _parsed[(name, text)] = template;
        }
        return template.Execute(data, options);
    }
}
