using SecretsKit.Go;
using SecretsKit.Testing.Architecture;

namespace SecretsKit.Go.Tests;

/// <summary>The architecture test of src/SecretsKit.Go: its folders against its table in ARCHITECTURE.md.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(GoException).Assembly, "SecretsKit.Go");
}
