using System.Reflection;
using SecretsKit.Testing.Architecture;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>SecretsKit.KeyService's architecture test (its tests live here, next to the CLI that starts it).</summary>
public sealed class KeyServiceArchitectureTests
{
    [Fact]
    public void Folders_follow_the_layer_table_in_ARCHITECTURE_md_and_form_no_cycle() =>
        ArchitectureCheck.AssertHolds(Assembly.Load(new AssemblyName("secretskit-keyservice")), "SecretsKit.KeyService");
}
