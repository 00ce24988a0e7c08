using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Code decides by exception type (or a structured property), never by message text: no source file under src/ looks into
/// a message with <c>Contains</c>/<c>StartsWith</c>/<c>EndsWith</c>/<c>Equals</c>, and no <c>catch … when</c> filter compares one.
/// </summary>
public sealed partial class ExceptionMessageDecisionTests
{
    /// <summary>
    /// The sites still left, each with its reason. KeyFailure strips the "provider: " that Cloud's own key-source errors start
    /// with, before wording them again; a typed key-source error for those sites is the way out (Cloud's vendor folders are
    /// being reshaped at the time of writing).
    /// </summary>
    private static readonly string[] Known = ["src/SecretsKit.Cloud/Http/KeyFailure.cs"];

    [Fact]
    public void No_source_decides_by_exception_message_text()
    {
        var root = SharedFixtures.RepositoryRoot;
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (MessageLookup().IsMatch(lines[i]) || (CatchFilter().IsMatch(lines[i]) && lines[i].Contains(".Message", StringComparison.Ordinal)))
                {
                    if (!Known.Contains(relative)) found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        Assert.Empty(found);
    }

    [Fact]
    public void The_check_sees_a_message_lookup_and_a_filter_on_a_message()
    {
        Assert.Matches(MessageLookup(), "catch (SecretsKitException e) when (e.Message.Contains(\"not found\", StringComparison.Ordinal))");
        Assert.Matches(MessageLookup(), "if (error.Message.StartsWith(\"status 403\", StringComparison.Ordinal))");
        Assert.Matches(CatchFilter(), "catch (IOException e) when (e.Message == \"x\")");
        Assert.DoesNotMatch(MessageLookup(), "previous.Message != Message");
    }

    [GeneratedRegex(@"\.Message\??\.(Contains|StartsWith|EndsWith|Equals)\(")]
    private static partial Regex MessageLookup();

    [GeneratedRegex(@"\bcatch\s*\([^)]*\)\s*when\s*\(")]
    private static partial Regex CatchFilter();
}
