using SecretsKit.Agent.Hosting;
using SecretsKit.Testing.Architecture;

namespace SecretsKit.Agent.Tests;

/// <summary>The agent's folders follow its layer table in ARCHITECTURE.md (model ← runtime ← extensions ← controllers ← hosting) and form no cycle.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(typeof(AgentHost).Assembly, "SecretsKit.Agent");
}
