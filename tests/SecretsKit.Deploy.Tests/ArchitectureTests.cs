using SecretsKit.Testing.Architecture;

namespace SecretsKit.Deploy.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(SecretsKit.Deploy.Helm.HelmRunner).Assembly, "SecretsKit.Deploy");
}
