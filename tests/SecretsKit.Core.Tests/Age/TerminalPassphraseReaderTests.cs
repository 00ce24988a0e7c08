using SecretsKit.Core.Age;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Age;

public sealed class TerminalPassphraseReaderTests
{
    private static bool HasTerminal()
    {
        try
        {
            using var tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Without_a_terminal_it_fails_fast_with_instructions()
    {
        // Under CI (and the test runner's redirected I/O) there is no controlling terminal. A developer running the
        // suite from a terminal would be prompted instead, so the check only applies where /dev/tty cannot open.
        if (HasTerminal()) return;
        var reader = new TerminalPassphraseReader(SystemProcessRunner.Instance);
        var e = await Assert.ThrowsAsync<AgeException>(() => reader.ReadPassphraseAsync("Passphrase:"));
        Assert.Contains("no terminal", e.Message, StringComparison.Ordinal);
        Assert.Contains("SOPS_AGE_KEY_FILE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_source_with_the_default_reader_reports_the_passphrase_problem_as_not_mine()
    {
        if (HasTerminal()) return;
        using var home = new TempDir();
        var env = new MapEnvironment(new Dictionary<string, string>
        {
            ["SOPS_AGE_KEY_FILE"] = AgeTestFiles.Fixture("age-unittest-passphrase-protected-identity.age.asc"),
        }, home.Path, home.Path);
        var source = new AgeKeySource(new Core.Keys.KeySourceContext(env, SystemProcessRunner.Instance, TimeProvider.System));
        var recipient = AgeTestFiles.ReadFixture("age-unittest-identity.recipient.txt").Trim();
        var entry = await source.Parse(recipient, Core.Keys.KeyParseOptions.None).WrapAsync(new byte[32]);
        var result = await source.FromEntry(entry).UnwrapAsync(entry);
        Assert.True(result.NotApplicable);
        Assert.Contains("no terminal", result.Reason, StringComparison.Ordinal);
        Assert.Contains("age-unittest-passphrase-protected-identity.age.asc is passphrase-protected", result.Reason,
            StringComparison.Ordinal);
    }
}
