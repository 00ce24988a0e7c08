using System.Text.RegularExpressions;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// The credentials one text file holds, for <c>secretskit scan</c>: every <see cref="CredentialShapes"/> shape but the
/// PEM line (private keys are proven by <c>PrivateKeyFinder</c>), Kubernetes Secret manifests with plaintext data
/// (<see cref="SecretManifests"/>) and random-looking values under keys named like secrets (<see cref="SecretKeyValues"/>),
/// at most one finding per line (a shape before a Secret manifest before the generic rule, which a file holding a
/// Secret manifest does not get). A line holding <c>secretskit:allow</c> (or gitleaks'
/// <c>gitleaks:allow</c>) is passed over, as gitleaks passes over its marker. Findings name the rule and line, never a value.
/// </summary>
public static class CredentialFinder
{
    private static readonly string[] AllowMarkers = ["secretskit:allow", "gitleaks:allow"];

    /// <summary>The findings in <paramref name="text"/>; <paramref name="path"/> (its name) says whether it may be YAML.</summary>
    public static IReadOnlyList<CredentialHit> Find(string path, string text)
    {
        var lines = new TextLines(text);
        var found = new List<CredentialHit>();
        try
        {
            foreach (var shape in CredentialShapes.All.Where(s => s.Id != CredentialShapes.PrivateKeyId))
            {
                found.AddRange(shape.Matches(text).Select(m => new CredentialHit(shape.Id, $"holds what looks like {shape.Name}", lines.LineOf(m.Index))));
            }
            var manifests = SecretManifests.Find(path, text).ToList();
            found.AddRange(manifests);
            // a Secret manifest is one finding, not one more per value under a key named like a secret
            if (manifests.Count == 0) found.AddRange(SecretKeyValues.Find(lines));
        }
        catch (RegexMatchTimeoutException)
        {
            found.Add(new CredentialHit("scan-budget", "could not be searched within the time budget of a pattern", 1));
        }
        return found
            .Where(h => !AllowMarkers.Any(marker => lines.Line(h.Line).Contains(marker, StringComparison.Ordinal)))
            .GroupBy(h => h.Line)
            .Select(g => g.OrderBy(h => h.RuleId == SecretKeyValues.RuleId ? 2 : h.RuleId == SecretManifests.RuleId ? 1 : 0).First())
            .OrderBy(h => h.Line)
            .ToList();
    }
}
