using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecretsKit.Testing.Architecture;
using SecretsKit.Testing.Common;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>
/// The layer check sees what the compiler inlines: a small project (Model below Controllers) is compiled in memory and
/// emitted, then an upward <c>const</c>, enum member, <c>nameof</c> or attribute argument is added in Model. Its IL alone
/// shows no edge for any of them; with <see cref="InlinedReferences"/> each is refused with its file and line.
/// </summary>
public sealed class InlinedReferenceTests
{
    private static readonly LayerTable Table = LayerTable.FromMarkdown(
        "<!-- layers: Demo -->\n| folder | may reference |\n|---|---|\n| `Model` | — |\n| `Controllers` | `Model` |\n", "Demo");

    private const string Settings = """
        namespace Demo.Model;

        public static class Settings
        {
            public const int Limit = 3;

            public static int Twice(int n) => 2 * n;
        }

        [System.AttributeUsage(System.AttributeTargets.All)]
        public sealed class TagAttribute(object value) : System.Attribute
        {
            public object Value { get; } = value;
        }
        """;

    private const string Reconciler = """
        namespace Demo.Controllers;

        public enum Phase { Idle, Running }

        public sealed class Reconciler
        {
            public const int MaxRetries = 5;

            public void Run() { }

            public int Budget(Phase phase) => phase == Phase.Running ? Demo.Model.Settings.Twice(Demo.Model.Settings.Limit) : MaxRetries;
        }
        """;

    [Fact]
    public void Downward_inlined_uses_and_uses_inside_one_type_are_allowed()
    {
        var (il, full) = Graphs();
        Assert.Empty(ArchitectureCheck.Problems(Table, il));
        Assert.Empty(ArchitectureCheck.Problems(Table, full));
        Assert.Equal(["Model"], full.Edges["Controllers"]);
    }

    [Fact]
    public void An_upward_const_is_refused_with_its_file_and_line()
    {
        var problem = UpwardOnly("""
            namespace Demo.Model;

            public static class Retries
            {
                public static int Max() => Controllers.Reconciler.MaxRetries;
            }
            """);
        Assert.Equal("Model → Controllers is not allowed (row `Model`): src/Demo/Model/Upward.cs:5: Demo.Model.Retries → Demo.Controllers.Reconciler.MaxRetries (const)", problem);
    }

    [Fact]
    public void An_upward_nameof_is_refused_with_its_file_and_line()
    {
        var problem = UpwardOnly("""
            namespace Demo.Model;

            public static class Names
            {
                public static string Step() =>
                    nameof(Demo.Controllers.Reconciler.Run);
            }
            """);
        Assert.Equal("Model → Controllers is not allowed (row `Model`): src/Demo/Model/Upward.cs:6: Demo.Model.Names → Demo.Controllers.Reconciler (nameof)", problem);
    }

    [Fact]
    public void An_upward_enum_member_through_a_using_static_is_refused_with_its_file_and_line()
    {
        var problem = UpwardOnly("""
            using static Demo.Controllers.Phase;

            namespace Demo.Model;

            public static class Start
            {
                public static int First() => (int)Running;
            }
            """);
        Assert.Equal("Model → Controllers is not allowed (row `Model`): src/Demo/Model/Upward.cs:7: Demo.Model.Start → Demo.Controllers.Phase.Running (enum member)", problem);
    }

    [Fact]
    public void An_upward_typeof_in_an_attribute_argument_is_refused_with_its_file_and_line()
    {
        var problem = UpwardOnly("""
            namespace Demo.Model;

            [Tag(typeof(Controllers.Reconciler))]
            public sealed class Tagged;
            """);
        Assert.Equal("Model → Controllers is not allowed (row `Model`): src/Demo/Model/Upward.cs:3: Demo.Model.Tagged → Demo.Controllers.Reconciler (attribute argument)", problem);
    }

    [Fact]
    public void A_real_project_is_compiled_from_its_sources_and_each_site_names_its_file_and_line()
    {
        var found = InlinedReferences.Find(SourceCompilation.Of(typeof(SecretsKit.Core.Errors.ExitCodes).Assembly, "SecretsKit.Core"));
        Assert.Contains(found, r => r.ToType == "SecretsKit.Core.Errors.ExitCodes" && r.Site.Contains(" → SecretsKit.Core.Errors.ExitCodes.", StringComparison.Ordinal) && r.Site.EndsWith("(const)", StringComparison.Ordinal));
        Assert.Contains(found, r => r.Site.EndsWith("(enum member)", StringComparison.Ordinal));
        Assert.All(found, r => Assert.Matches(@"^src/SecretsKit\.Core/[^:]+\.cs:\d+: SecretsKit\.Core\.", r.Site));
    }

    /// <summary>The edge problem <paramref name="upward"/> (Model/Upward.cs) makes, after checking that the IL alone sees
    /// none and that the edge also closes the cycle Model ↔ Controllers.</summary>
    private static string UpwardOnly(string upward)
    {
        var (il, full) = Graphs(upward);
        Assert.Empty(ArchitectureCheck.Problems(Table, il));
        var problems = ArchitectureCheck.Problems(Table, full);
        Assert.Equal(2, problems.Count);
        Assert.Equal("cycle: Controllers ↔ Model", problems[1]);
        return problems[0];
    }

    /// <summary>The demo project's graph from its IL alone, and with its inlined references.</summary>
    private static (FolderGraph Il, FolderGraph Full) Graphs(string? upward = null)
    {
        var trees = new List<SyntaxTree> { CSharpSources.Parse("src/Demo/Model/Settings.cs", Settings), CSharpSources.Parse("src/Demo/Controllers/Reconciler.cs", Reconciler) };
        if (upward is not null) trees.Add(CSharpSources.Parse("src/Demo/Model/Upward.cs", upward));
        var compilation = CSharpCompilation.Create("Demo", trees, [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dir = new TempDir("sk-inlined-");
        var path = dir.File("Demo.dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
        return (FolderGraph.Load(path, "Demo", Table.Registrations),
            FolderGraph.Load(path, "Demo", Table.Registrations, InlinedReferences.Find(compilation)));
    }
}
