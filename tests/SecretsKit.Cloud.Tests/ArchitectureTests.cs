using SecretsKit.Cloud.Providers;
using SecretsKit.Testing.Architecture;

namespace SecretsKit.Cloud.Tests;

/// <summary>Cloud's folders follow the layer table in ARCHITECTURE.md (<c>&lt;!-- layers: SecretsKit.Cloud --&gt;</c>) and form no cycle.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(ISecretStoreProvider).Assembly, "SecretsKit.Cloud");
}
