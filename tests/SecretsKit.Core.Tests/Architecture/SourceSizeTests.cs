using SecretsKit.Testing.Architecture;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>CONTRIBUTING.md's size rules over every project in src/: methods (and every other body) at most 60 lines,
/// files at most 400.</summary>
public sealed class SourceSizeTests
{
    /// <summary>Sites left over, each with its owner: none.</summary>
    private static readonly string[] Known = [];

    [Fact]
    public void No_method_in_src_is_over_60_lines_and_no_file_over_400() => SourceSizes.AssertHolds(Known);

    [Fact]
    public void A_long_method_constructor_accessor_local_function_and_expression_body_are_each_found()
    {
        var body = string.Concat(Enumerable.Repeat("        x++;\n", 60));
        var text = "class C\n{\n"
            + "    void M()\n    {\n" + body + "    }\n"
            + "    C()\n    {\n" + body + "    }\n"
            + "    int P\n    {\n        get\n        {\n" + body + "            return 1;\n        }\n    }\n"
            + "    void N()\n    {\n        void Local()\n        {\n" + body + "        }\n    }\n"
            + "    int Q =>\n" + string.Concat(Enumerable.Repeat("        1 +\n", 60)) + "        1;\n"
            + "}\n";
        var problems = SourceSizes.ProblemsOf("C.cs", text);
        Assert.Equal([
            "C.cs:4: C.M has a body of 62 lines (at most 60)",
            "C.cs:67: C constructor has a body of 62 lines (at most 60)",
            "C.cs:132: C.P get has a body of 63 lines (at most 60)",
            "C.cs:197: C.N has a body of 65 lines (at most 60)",
            "C.cs:199: C.N local Local has a body of 62 lines (at most 60)",
            "C.cs:262: C.Q has a body of 62 lines (at most 60)",
        ], problems);
    }

    [Fact]
    public void Sixty_lines_of_body_and_four_hundred_lines_of_file_are_allowed_one_more_is_not()
    {
        var sixty = "class C\n{\n    void M()\n    {\n" + string.Concat(Enumerable.Repeat("        x++;\n", 58)) + "    }\n}\n";
        Assert.Empty(SourceSizes.ProblemsOf("C.cs", sixty));
        var lines = sixty.Count(c => c == '\n');
        var padded = sixty + string.Concat(Enumerable.Repeat("// filler\n", 400 - lines));
        Assert.Empty(SourceSizes.ProblemsOf("C.cs", padded));
        Assert.Equal(["C.cs:1: the file has 401 lines (at most 400)"], SourceSizes.ProblemsOf("C.cs", padded + "// one more\n"));
        var sixtyOne = sixty.Replace("    {\n        x++;", "    {\n        x++;\n        x++;", StringComparison.Ordinal);
        Assert.Equal(["C.cs:4: C.M has a body of 61 lines (at most 60)"], SourceSizes.ProblemsOf("C.cs", sixtyOne));
    }
}
