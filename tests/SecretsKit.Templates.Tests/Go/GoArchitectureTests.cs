using SecretsKit.Go;
using SecretsKit.Testing.Architecture;

namespace SecretsKit.Templates.Tests.Go;

/// <summary>The architecture test of src/SecretsKit.Go (whose tests live in this project).</summary>
public sealed class GoArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(GoException).Assembly, "SecretsKit.Go");
}
