using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>
/// A PushSecret's source as read before deciding whether a push is due: the Secrets (the named one, or those the label
/// selector picks; their versions are <see cref="Version"/>), or a generator to run at push time, or why there is none.
/// </summary>
internal sealed record PushSources(IReadOnlyList<JsonObject> Secrets, string? Version)
{
    /// <summary>The source is <c>selector.generatorRef</c>: generated when the push runs.</summary>
    public bool Generated { get; init; }

    /// <summary>The source cannot be read (the named Secret is missing, the selector is invalid): the push fails with this.</summary>
    public string? Error { get; init; }
}

/// <summary>One source Secret's name and data, as pushed (a generator's output is named <c>___generated-secret</c>, as in ESO).</summary>
internal sealed record SourceSecret(string Name, Dictionary<string, byte[]> Data)
{
    /// <summary>The Secret's <c>type</c> (empty: none; a template sets its own, as ESO's PushSecret does).</summary>
    public string Type { get; init; } = "";

    public Dictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Annotations { get; init; } = new(StringComparer.Ordinal);
}
