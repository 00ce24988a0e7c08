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

    /// <summary>
    /// The key and repository upkeep verbs (the rows of <c>Commands/Upkeep/UpkeepCommands.Table</c>): the full CLI runs
    /// them, the lean native CLI hands them over like the names above. A test holds it equal to that table's names.
    /// </summary>
    public static IReadOnlyList<string> Upkeep { get; } = ["keygen", "rotate", "updatekeys", "groups", "scan", "clone", "merge", "keyservice"];
}
