using SecretsKit.Testing.Architecture;

namespace SecretsKit.Core.Tests.Architecture;

public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(SecretsKit.Core.Errors.ExitCodes).Assembly, "SecretsKit.Core");
}
