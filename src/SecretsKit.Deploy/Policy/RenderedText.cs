namespace SecretsKit.Deploy.Policy;

/// <summary>
/// Text a chart renders that is no manifest (its NOTES.txt), with where it came from: the release and the template
/// (<c>chart/templates/NOTES.txt</c>). The plain-text checks read it line by line.
/// </summary>
public sealed record RenderedText(string Origin, string Template, string Text);
