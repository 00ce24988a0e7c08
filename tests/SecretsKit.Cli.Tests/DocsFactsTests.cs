using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>What a new user found wrong in the docs and examples stays fixed: each claim checked against the tree.</summary>
public sealed class DocsFactsTests
{
    private static string Root => SharedFixtures.RepositoryRoot;

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    [Fact]
    public void Release_workflow_builds_and_packs_secretskit_instead_of_installing_an_unpublished_package()
    {
        var workflow = Read("examples/pipeline/.github/workflows/release.yaml");
        Assert.Contains("scripts/pack.sh artifacts", workflow, StringComparison.Ordinal);
        foreach (var line in workflow.Split('\n').Where(l => l.Contains("dotnet tool install", StringComparison.Ordinal)))
        {
            Assert.Contains("--add-source ./artifacts", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_and_agent_examples_name_gcp_secret_manager_among_the_agent_providers()
    {
        Assert.Contains("GCP Secret Manager", Read("README.md"), StringComparison.Ordinal);
        Assert.Contains("GCP Secret Manager `projectID`", Flat(Read("examples/agent/README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_packages_props_cites_no_file_missing_from_the_repository()
    {
        var props = Read("Directory.Packages.props");
        foreach (Match m in Regex.Matches(props, @"[\w./-]+\.md"))
        {
            Assert.True(File.Exists(Path.Combine(Root, m.Value)), $"Directory.Packages.props cites {m.Value}, which does not exist");
        }
    }

    [Fact]
    public void Architecture_lists_every_folder_of_the_testing_project_and_where_local_key_sources_reach()
    {
        var architecture = Flat(Read("ARCHITECTURE.md"));
        var folders = Directory.EnumerateDirectories(Path.Combine(Root, "tests", "SecretsKit.Testing"))
            .Select(Path.GetFileName)
            .Where(n => n is not ("bin" or "obj"));
        foreach (var folder in folders)
        {
            Assert.Contains($"`{folder}/`", architecture, StringComparison.Ordinal);
        }
        Assert.Contains("A local key source registered in `CloudKeySources.CreateRegistry` (PGP today) reaches only the CLI and the key service", architecture, StringComparison.Ordinal);
    }
}
