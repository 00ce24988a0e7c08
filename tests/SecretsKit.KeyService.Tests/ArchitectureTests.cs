using SecretsKit.Testing.Architecture;

namespace SecretsKit.KeyService.Tests;

/// <summary>SecretsKit.KeyService's folders against the layer table of ARCHITECTURE.md.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(SecretsKit.KeyService.WorkGate).Assembly, "SecretsKit.KeyService");
}
