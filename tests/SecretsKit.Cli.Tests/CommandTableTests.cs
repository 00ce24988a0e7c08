using SecretsKit.Cli.Commands;
using SecretsKit.Cli.Commands.Deploy;
using SecretsKit.Cli.Commands.Sops;
using SecretsKit.Cli.Commands.Upkeep;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// The CLI builds only the commands its arguments name. These check that the name table behind that matches the
/// commands it builds, and that the chosen subset always holds the command the full tree would parse.
/// </summary>
public sealed class CommandTableTests
{
    private static CliContext NewContext() =>
        new(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System, Stream.Null, Stream.Null, TextWriter.Null);

    [Fact]
    public void Every_table_name_builds_the_command_of_that_name_and_no_command_has_an_alias()
    {
        var root = CliApp.Build(NewContext());
        var built = root.Subcommands.Select(c => c.Name).ToList();
        Assert.Equal(CliApp.CommandNames.Order(StringComparer.Ordinal), built.Order(StringComparer.Ordinal));
        Assert.Equal(built.Count, built.Distinct(StringComparer.Ordinal).Count());
        Assert.All(root.Subcommands, c => Assert.Empty(c.Aliases));
    }

    [Fact]
    public void The_full_only_names_the_lean_build_hands_over_are_the_rows_of_the_full_only_table()
    {
        Assert.Equal(DeployCommands.Table.Select(c => c.Name), FullOnlyCommands.Names);
        Assert.Empty(SopsCommands.Table.Select(c => c.Name).Intersect(FullOnlyCommands.Names, StringComparer.Ordinal));
    }

    [Fact]
    public void The_upkeep_names_the_lean_build_hands_over_are_the_rows_of_the_upkeep_table_and_no_everyday_verb()
    {
        Assert.Equal(UpkeepCommands.Table.Select(c => c.Name), FullOnlyCommands.Upkeep);
        Assert.Empty(SopsCommands.Table.Select(c => c.Name).Intersect(FullOnlyCommands.Upkeep, StringComparer.Ordinal));
        Assert.Empty(FullOnlyCommands.Names.Intersect(FullOnlyCommands.Upkeep, StringComparer.Ordinal));
        // what a pipeline runs on every deploy stays in the lean CLI
        Assert.Subset(SopsCommands.Table.Select(c => c.Name).ToHashSet(StringComparer.Ordinal), new HashSet<string>(["decrypt", "encrypt", "edit", "exec-env", "exec-file", "filestatus"]));
    }

    [Fact]
    public void Building_a_subset_gives_only_the_named_commands()
    {
        var root = CliApp.Build(NewContext(), new HashSet<string>(StringComparer.Ordinal) { "decrypt", "edit" });
        Assert.Equal(new[] { "decrypt", "edit" }, root.Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(3, root.Options.Count(o => o.Name is "--config" or "--indent" or "--verbose"));
    }

    [Theory]
    [InlineData("decrypt f.yaml", "decrypt")]
    [InlineData("--config c.yaml decrypt f.yaml", "decrypt")]
    [InlineData("--config edit decrypt f.yaml", "decrypt")]
    [InlineData("decrypt edit", "decrypt")]
    [InlineData("groups add -i f.yaml", "groups")]
    [InlineData("helm upgrade r c -f secrets.yaml", "helm")]
    [InlineData("helm-secrets -- decrypt f.yaml", "helm-secrets")]
    [InlineData("exec-env f.yaml env", "exec-env")]
    public void The_subset_holds_the_command_the_full_tree_parses(string line, string expected)
    {
        var args = line.Split(' ');
        var full = CliApp.Build(NewContext()).Parse(args);
        Assert.Equal(expected, CommandName(full));
        var reachable = CliApp.Reachable(args);
        Assert.NotNull(reachable);
        Assert.Contains(expected, reachable);
        var subset = CliApp.Build(NewContext(), reachable).Parse(args);
        Assert.Equal(expected, CommandName(subset));
        Assert.Equal(full.Errors.Select(e => e.Message), subset.Errors.Select(e => e.Message));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("decrpyt f.yaml")]
    [InlineData("[suggest:3] dec")]
    [InlineData("@args.rsp")]
    public void Lines_naming_no_command_or_hiding_arguments_build_every_command(string line)
    {
        Assert.Null(CliApp.Reachable(line.Length == 0 ? Array.Empty<string>() : line.Split(' ')));
    }

    [Fact]
    public void A_lone_version_flag_builds_no_command()
    {
        Assert.Empty(CliApp.Reachable(new[] { "--version" })!);
    }

    private static string CommandName(System.CommandLine.ParseResult result)
    {
        var command = result.CommandResult.Command;
        while (command.Parents.OfType<System.CommandLine.Command>().FirstOrDefault() is { } parent && parent.Parents.Any())
        {
            command = parent;
        }
        return command.Name;
    }
}
