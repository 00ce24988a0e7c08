using SecretsKit.Cli.Context;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Tests;

/// <summary>A stray word on the command line is named, before the "required command" error that may come with it.</summary>
public sealed class ParseErrorTests
{
    [Theory]
    [InlineData("decrypt a.yaml b.yaml", "secretskit: error: unknown command or argument 'b.yaml'")]
    [InlineData("groups bogus", "secretskit: error: unknown command or argument 'bogus'")]
    [InlineData("groups", "secretskit: error: Required command was not provided")]
    public async Task A_stray_word_is_named_and_a_missing_command_is_said(string line, string expected)
    {
        var stderr = new StringWriter();
        var context = new CliContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System, Stream.Null, Stream.Null, stderr);
        Assert.Equal(1, await CliApp.RunAsync(line.Split(' '), context));
        Assert.Equal(expected, stderr.ToString().Split('\n')[0]);
    }
}
