using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Pgp;

/// <summary>
/// A test-class fixture over the suite's one <see cref="GnupgHome"/>: key-source contexts whose environment holds only
/// GNUPGHOME, HOME and PATH, so the real gpg never sees the user's own keyring.
/// </summary>
public sealed class GnupgFixture : IAsyncLifetime
{
    private GnupgHome? _gpg;

    /// <summary>The GNUPGHOME directory (also HOME of the contexts).</summary>
    public string Home => (_gpg ?? throw new InvalidOperationException("fixture not initialized")).Path;

    public async Task InitializeAsync() => _gpg = await GnupgHome.CreateAsync("pgp-functional-tests-keys.asc");

    public Task DisposeAsync()
    {
        _gpg?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A key-source context with GNUPGHOME, HOME and PATH only, plus <paramref name="extra"/>.</summary>
    public KeySourceContext Context(TimeProvider? time = null, params (string Name, string Value)[] extra)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GNUPGHOME"] = Home,
            ["HOME"] = Home,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        };
        foreach (var (name, value) in extra) vars[name] = value;
        return new KeySourceContext(new MapEnvironment(vars, Home, Home), SystemProcessRunner.Instance, time ?? TimeProvider.System);
    }
}
