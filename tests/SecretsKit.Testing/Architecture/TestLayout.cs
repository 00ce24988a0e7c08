using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>
/// CONTRIBUTING.md's test layout: a test class named for a type in <c>src/</c> (<c>FooTests</c> for <c>Foo</c>) sits in
/// that project's test project, in the folder the type sits in (<c>src/SecretsKit.Cloud/Aws/Keys/AwsKms.cs</c> →
/// <c>tests/SecretsKit.Cloud.Tests/Aws/Keys/AwsKmsTests.cs</c>). A name that several <c>src</c> folders hold is not judged.
/// </summary>
public static class TestLayout
{
    /// <summary>
    /// Each test file out of place, as <c>path: Type is in src/…: move it to tests/…</c>, from repository-relative paths of
    /// the <c>src</c> and <c>tests</c> C# files.
    /// </summary>
    public static IReadOnlyList<string> ProblemsOf(IEnumerable<string> sourceFiles, IEnumerable<string> testFiles)
    {
        var folders = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in sourceFiles)
        {
            var type = TypeOf(file);
            if (!folders.TryGetValue(type, out var set)) folders[type] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(Folder(file));
        }
        var found = new List<string>();
        foreach (var test in testFiles)
        {
            var name = Path.GetFileNameWithoutExtension(test);
            if (!name.EndsWith("Tests", StringComparison.Ordinal) || name.Contains('.', StringComparison.Ordinal)) continue;
            if (!folders.TryGetValue(name[..^"Tests".Length], out var set) || set.Count != 1) continue;
            var source = set.First();
            var parts = source.Split('/');
            if (parts.Length < 2 || parts[0] != "src") continue;
            var expected = string.Join('/', ["tests", parts[1] + ".Tests", .. parts[2..]]);
            if (Folder(test) != expected) found.Add($"{test}: {name[..^"Tests".Length]} is in {source}: move it to {expected}/");
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>The problems of this repository, minus the test files <paramref name="allowed"/> names.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyCollection<string> allowed)
    {
        var root = SharedFixtures.RepositoryRoot;
        var sources = CSharpSources.Files(Path.Combine(root, "src")).Select(f => f.Relative);
        var tests = CSharpSources.Files(Path.Combine(root, "tests")).Select(f => f.Relative)
            .Where(f => f.Split('/') is [_, var project, ..] && project.EndsWith(".Tests", StringComparison.Ordinal));
        return [.. ProblemsOf(sources, tests).Where(p => !allowed.Contains(p[..p.IndexOf(':', StringComparison.Ordinal)]))];
    }

    /// <summary>The type a source file is named for: <c>ReleaseRun.Policy.cs</c> is a part of <c>ReleaseRun</c>.</summary>
    private static string TypeOf(string file) => Path.GetFileNameWithoutExtension(file).Split('.')[0];

    private static string Folder(string file) => Path.GetDirectoryName(file)!.Replace('\\', '/');
}
