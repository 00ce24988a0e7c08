using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.Drift;

/// <summary>
/// One <c>--ignore KIND[/NAME]:POINTER</c>: a field (and everything below it) that drift does not compare, on objects of a
/// kind (<c>*</c>: any kind; case ignored), optionally only the one with that name. POINTER is a JSON pointer
/// (<c>/spec/replicas</c>, <c>/metadata/annotations/deployment.kubernetes.io~1revision</c>) into the object as the
/// manifest writes it (list items by their index there).
/// </summary>
public sealed record DriftIgnore(string Kind, string? Name, string JsonPointer)
{
    public static DriftIgnore Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var target = colon < 0 ? "" : text[..colon];
        var pointer = colon < 0 ? "" : text[(colon + 1)..];
        if (target.Length == 0 || !pointer.StartsWith('/'))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"--ignore '{Echo.Bounded(text)}' is not KIND[/NAME]:/json/pointer",
                "e.g. --ignore 'Deployment:/spec/replicas' (a HorizontalPodAutoscaler owns them) or --ignore '*:/metadata/annotations'");
        }
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new DriftIgnore(target, null, pointer.TrimEnd('/')) : new DriftIgnore(target[..slash], target[(slash + 1)..], pointer.TrimEnd('/'));
    }

    /// <summary>Whether the field at <paramref name="jsonPointer"/> of the object <paramref name="kind"/> <paramref name="name"/> is ignored.</summary>
    public bool Covers(string kind, string name, string jsonPointer) =>
        (Kind == "*" || string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase)) && (Name is null || Name == name)
        && (JsonPointer.Length == 0 || jsonPointer == JsonPointer || jsonPointer.StartsWith(JsonPointer + "/", StringComparison.Ordinal));
}
