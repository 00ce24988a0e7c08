namespace SecretsKit.Core.Formats.Yaml;

/// <summary>One emitter event (libyaml <c>yaml_event_t</c>) with yaml.v3's four comment slots.</summary>
internal sealed record YamlEvent(YamlEventType Type)
{
    public string Value { get; init; } = string.Empty;

    /// <summary>Long form tag (e.g. <c>tag:yaml.org,2002:binary</c>) or empty.</summary>
    public string Tag { get; init; } = string.Empty;

    public bool Implicit { get; init; } = true;

    public YamlScalarStyle Style { get; init; }

    /// <summary>The scalar analysis of <see cref="Value"/> when the producer already made it (it depends on the text only).</summary>
    public YamlScalarAnalysis? Analysis { get; init; }

    public string HeadComment { get; init; } = string.Empty;

    public string LineComment { get; init; } = string.Empty;

    public string FootComment { get; init; } = string.Empty;

    public string TailComment { get; init; } = string.Empty;
}
