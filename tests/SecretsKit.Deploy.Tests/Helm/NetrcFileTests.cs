using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.Tests.Helm;

public sealed class NetrcFileTests
{
    private const string Netrc = """
        machine git.example.com login alice password a1
        macdef init
        machine evil.example.com login mallory password m1

        machine files.example.com
          login bob
          password b2
        default login anon password guest
        """;

    [Theory]
    [InlineData("files.example.com", "bob:b2")]
    [InlineData("FILES.example.com", "bob:b2")]
    [InlineData("git.example.com", "alice:a1")]
    [InlineData("other.example.com", "anon:guest")]
    [InlineData("evil.example.com", "anon:guest")] // inside a macro body: not an entry
    public void Entry_of_the_host_else_the_default_entry(string host, string expected) =>
        Assert.Equal(expected, NetrcFile.Lookup(Netrc, host));

    [Fact]
    public void No_entry_and_no_default_is_no_credentials() =>
        Assert.Null(NetrcFile.Lookup("machine a.example.com login u password p\n", "b.example.com"));
}
