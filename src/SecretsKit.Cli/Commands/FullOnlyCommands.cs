namespace SecretsKit.Cli.Commands;

/// <summary>
/// The names of the commands only the full CLI builds (the rows of <c>Commands/Deploy/DeployCommands.Table</c>): the deploy
/// and helm-secrets verbs, and those that list every command (completion, man). Both builds compile this list: the lean
/// native CLI (src/SecretsKit.Cli.Lean) knows these names and hands a run that reaches one to the full CLI. A test holds it
/// equal to the full table's names.
/// </summary>
internal static class FullOnlyCommands
{
    public static IReadOnlyList<string> Names { get; } =
        ["enc", "dec", "view", "clean", "helm", "downloader", "helm-secrets", "post-renderer", "release", "validate", "unittest", "policy", "dir", "completion", "publish", "man"];
}
