using SecretsKit.Cli.Tests;
using System.CommandLine;
using SecretsKit.Cli.Commands.Catalog;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Commands.Catalog;

/// <summary>
/// <c>secretskit man</c>: the manual page is written from the command tree, so it holds every visible command and
/// subcommand, and real groff formats it without a warning (<c>-ww</c> turns every warning on).
/// </summary>
public sealed class ManPageTests
{
    [Fact]
    public async Task The_manual_page_formats_in_groff_without_warnings_and_holds_every_command()
    {
        var run = await CliRunner.RunAsync(["man"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith(".TH SECRETSKIT 1 ", run.StdoutText, StringComparison.Ordinal);

        var context = new Context.CliContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System,
            Stream.Null, Stream.Null, TextWriter.Null);
        var root = CliApp.Build(context);
        foreach (var path in CommandPaths(root, "secretskit"))
        {
            Assert.Contains($".SS \"{ManPage.Escape(path)}\"\n", run.StdoutText, StringComparison.Ordinal);
        }

        using var dir = new TempDir();
        var page = dir.File("secretskit.1");
        File.WriteAllText(page, run.StdoutText);
        var groff = await ProcessRun.RunAsync("groff", ["-man", "-Tutf8", "-ww", page],
            new Dictionary<string, string?> { ["GROFF_NO_SGR"] = "1" }, null, dir.Path, TimeSpan.FromMinutes(1));
        Assert.True(groff.ExitCode == 0, groff.Stderr);
        Assert.Equal("", groff.Stderr);
        var text = System.Text.RegularExpressions.Regex.Replace(groff.StdoutText, ".\b", "");
        foreach (var heading in new[] { "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "GLOBAL OPTIONS", "EXIT STATUS", "ENVIRONMENT" })
        {
            Assert.Contains("\n" + heading + "\n", text, StringComparison.Ordinal);
        }
        Assert.Contains("secretskit release apply", text, StringComparison.Ordinal);
        Assert.Contains("--ignore-mac", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_exit_status_in_the_page_is_a_row_of_the_exit_code_reference()
    {
        var page = ManPage.Write(new Command("secretskit", "d"), "1.0.0", new DateOnly(2026, 11, 25));
        var reference = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "docs", "reference", "exit-codes.md"));
        var codes = System.Text.RegularExpressions.Regex.Matches(page[page.IndexOf(".SH EXIT STATUS", StringComparison.Ordinal)..], @"\.B (\d+)\n");
        Assert.NotEmpty(codes);
        foreach (System.Text.RegularExpressions.Match m in codes)
        {
            Assert.Contains($"\n| {m.Groups[1].Value} |", reference, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(".start", "\\&.start")]
    [InlineData("'quote", "\\&'quote")]
    [InlineData("a\\b --x", "a\\eb \\-\\-x")]
    [InlineData("a → b", "a \\[u2192] b")]
    public void Text_is_escaped_for_roff(string text, string expected) => Assert.Equal(expected, ManPage.Escape(text));

    private static IEnumerable<string> CommandPaths(Command command, string path)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            var subPath = $"{path} {sub.Name}";
            yield return subPath;
            foreach (var p in CommandPaths(sub, subPath)) yield return p;
        }
    }
}
