using System.Text.RegularExpressions;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>
/// One home for a find's <c>name.regexp</c>: every store in src that implements <c>FindSecretsAsync</c> and reads the
/// query's name regex matches names through <see cref="SecretQuery.NameFilter"/> (Go's regexp, as ESO compiles it, with a
/// budget and worded refusals), and none builds a .NET <see cref="Regex"/> of its own (a second engine with other rules:
/// look-around accepted, <c>\d</c> over every script, an exception's name as the condition).
/// </summary>
public sealed class NameFilterSourceTests
{
    [Fact]
    public void Every_provider_matches_find_names_through_the_query_s_name_filter()
    {
        var src = Path.Combine(SharedFixtures.RepositoryRoot, "src");
        var stores = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(src, f), Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains("FindSecretsAsync(SecretQuery query", StringComparison.Ordinal) && !f.Path.EndsWith("ISecretStore.cs", StringComparison.Ordinal))
            .ToList();

        Assert.True(stores.Count >= 8, $"only {stores.Count} stores found: {string.Join(", ", stores.Select(s => s.Path))}");
        foreach (var (path, text) in stores)
        {
            Assert.False(Regex.IsMatch(text, @"new Regex\(|Regex\.(IsMatch|Match|Matches)\("), $"{path} builds a regular expression of its own");
            if (text.Contains("NameRegex", StringComparison.Ordinal))
            {
                Assert.True(text.Contains(".NameFilter()", StringComparison.Ordinal), $"{path} reads the name regex without SecretQuery.NameFilter");
            }
        }
    }
}
