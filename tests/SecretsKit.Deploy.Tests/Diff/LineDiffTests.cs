using SecretsKit.Deploy.Diff;

namespace SecretsKit.Deploy.Tests.Diff;

public sealed class LineDiffTests
{
    private static List<string> Apply(IReadOnlyList<string> a, IReadOnlyList<string> b, List<Edit> edits)
    {
        var result = new List<string>();
        var consumed = 0;
        foreach (var e in edits)
        {
            if (e.Kind == EditKind.Insert) result.Add(b[e.NewIndex]);
            else
            {
                Assert.Equal(consumed++, e.OldIndex);
                if (e.Kind == EditKind.Equal)
                {
                    Assert.Equal(a[e.OldIndex], b[e.NewIndex]);
                    result.Add(a[e.OldIndex]);
                }
            }
        }
        Assert.Equal(a.Count, consumed);
        return result;
    }

    [Theory]
    [InlineData("abcabba", "cbabac", 5)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("axbxc", "aybyc", 4)]
    public void The_edit_script_is_minimal_and_turns_one_side_into_the_other(string a, string b, int distance)
    {
        var left = a.Select(c => c.ToString()).ToList();
        var right = b.Select(c => c.ToString()).ToList();
        var edits = LineDiff.Compute(left, right);
        Assert.Equal(right, Apply(left, right, edits));
        Assert.Equal(distance, edits.Count(e => e.Kind != EditKind.Equal));
    }

    [Fact]
    public void Random_line_lists_round_trip()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 40)).Select(_ => "l" + random.Next(0, 6)).ToList();
            var b = Enumerable.Range(0, random.Next(0, 40)).Select(_ => "l" + random.Next(0, 6)).ToList();
            Assert.Equal(b, Apply(a, b, LineDiff.Compute(a, b)));
        }
    }
}
