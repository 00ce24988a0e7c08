using SecretsKit.Testing.Architecture;

namespace SecretsKit.Cel.Tests;

/// <summary>The architecture test of src/SecretsKit.Cel: its folders against its table in ARCHITECTURE.md.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(CelProgram).Assembly, "SecretsKit.Cel");
}
