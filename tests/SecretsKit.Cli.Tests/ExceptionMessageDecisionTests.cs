using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Code decides by exception type (or a structured property), never by message text: no source file under src/ looks into
/// a message with <c>Contains</c>/<c>StartsWith</c>/<c>EndsWith</c>/<c>Equals</c>, and no <c>catch … when</c> filter compares one.
/// </summary>
public sealed partial class ExceptionMessageDecisionTests
{
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
                    found.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
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
