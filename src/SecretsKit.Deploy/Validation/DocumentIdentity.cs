namespace SecretsKit.Deploy.Validation;

/// <summary>Which document a finding is about: the release or file it came from, helm's <c># Source:</c> template, and the object.</summary>
public sealed record DocumentIdentity(string Origin, string? Template, string? ApiVersion, string? Kind, string? Namespace, string? Name)
{
    /// <summary><c>origin: template: Kind ns/name</c>, the parts that are known.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Origin };
        if (Template is { Length: > 0 }) parts.Add(Template);
        var what = (Kind ?? "(no kind)") + (Name is null ? "" : " " + (Namespace is null ? "" : Namespace + "/") + Name);
        parts.Add(what);
        return string.Join(": ", parts);
    }
}
