namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary><c>postRenderer:</c> a command (and arguments) the rendered manifests are piped through before the asserts.</summary>
internal sealed record PostRendererSettings(string Command, IReadOnlyList<string> Args);
