using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Release.Strategies;
using SecretsKit.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.Promotion;

/// <summary>
/// Reads <c>secretskit-promotion.yaml</c> (<see cref="PromotionFile"/>) within the state readers' budgets. Unknown keys
/// are refused with the closest known one; every error names the file and line.
/// </summary>
public static class PromotionFileReader
{
    /// <summary>Where the file's keys are documented (a test checks the page and its section exist).</summary>
    public const string SchemaDocument = "docs/release-promotion.md";

    public const string SchemaSection = "The promotion file";

    private const string Hint = $"see \"{SchemaSection}\" in {SchemaDocument}";

    private static readonly HelmfileKeys TopLevel = new(["stages", "lock", "strategies"], [], []);
    private static readonly HelmfileKeys StageKeys = new(["name", "environments", "from", "gates", "fanOut"], [], []);
    private static readonly HelmfileKeys GateKeys = new(["sourceVerified", "sameChart", "secretKeys", "recipients", "maxSourceAge", "minSoak", "approval"], [], []);
    private static readonly HelmfileKeys LockKeys = new(["namespace", "ttl", "wait"], [], []);
    private static readonly HelmfileKeys FanOutKeys = new(["order", "onFailure"], [], []);

    /// <summary>
    /// The promotion file of a run: <paramref name="explicitPath"/> (which must exist), else
    /// <see cref="PromotionFile.DefaultFileName"/> in <paramref name="stateDirectory"/> when it is there, else
    /// <see cref="PromotionFile.Empty"/>.
    /// </summary>
    public static PromotionFile Find(string? explicitPath, string stateDirectory, string workingDirectory)
    {
        if (explicitPath is not null)
        {
            var full = System.IO.Path.GetFullPath(explicitPath, workingDirectory);
            return File.Exists(full) ? Read(full, explicitPath)
                : throw new SecretsKitException(ExitCodes.Generic, $"promotion file {explicitPath} does not exist", "pass --promotion-file with an existing file, or leave it out");
        }
        var beside = System.IO.Path.Combine(stateDirectory, PromotionFile.DefaultFileName);
        return File.Exists(beside) ? Read(beside, System.IO.Path.GetRelativePath(workingDirectory, beside)) : PromotionFile.Empty;
    }

    /// <summary>Reads the file at <paramref name="path"/>, named <paramref name="shown"/> in messages.</summary>
    public static PromotionFile Read(string path, string shown)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(BoundedFile.ReadText(path, shown));
        }
        catch (YamlException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{shown}:{e.Start.Line}: not valid YAML: {e.Message}", Hint);
        }
        var reader = new StateYamlReader(shown, Hint);
        if (stream.Documents.Count != 1)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{shown}: a promotion file holds exactly one YAML document (found {stream.Documents.Count})", Hint);
        }
        var root = reader.Mapping(stream.Documents[0].RootNode, "the promotion file");
        TopLevel.Check(reader, root, "the promotion file");
        var stages = new List<PromotionStage>();
        if (reader.Child(root, "stages") is { } list)
        {
            if (list is not YamlSequenceNode seq) throw reader.Error(list, "stages must be a list");
            foreach (var node in seq.Children) stages.Add(ReadStage(reader, node, stages));
        }
        var settings = reader.Child(root, "lock") is { } lockNode ? ReadLock(reader, reader.Mapping(lockNode, "lock")) : ReleaseLockSettings.Default;
        var strategies = reader.Child(root, "strategies") is { } s ? StrategyReader.Read(reader, s) : [];
        return new PromotionFile(path, stages, settings) { Strategies = strategies };
    }

    private static PromotionStage ReadStage(StateYamlReader reader, YamlNode node, List<PromotionStage> earlier)
    {
        var stage = reader.Mapping(node, "a stage");
        StageKeys.Check(reader, stage, "a stage");
        var name = reader.OptionalString(stage, "name") ?? throw reader.Error(stage, "a stage needs a name");
        if (earlier.Any(s => s.Name == name)) throw reader.Error(stage, $"stage '{name}' is defined twice");
        var environments = reader.StringList(stage, "environments");
        if (environments.Count == 0) throw reader.Error(stage, $"stage '{name}' lists no environments");
        foreach (var environment in environments) CheckEnvironment(reader, stage, name, environment, earlier);
        if (earlier.FirstOrDefault(s => s.Environments.Contains(name, StringComparer.Ordinal)) is { } owner)
        {
            throw reader.Error(stage, $"stage '{name}' has the name of an environment of stage '{owner.Name}': -e {name} would be ambiguous");
        }
        var from = reader.OptionalString(stage, "from");
        if (from is not null && earlier.All(s => s.Name != from))
        {
            var known = earlier.Select(s => s.Name).ToList();
            var suggestion = EditDistance.Closest(from, known, 2);
            throw reader.Error(reader.Child(stage, "from")!, $"stage '{name}' is promoted from '{from}', which is not a stage defined before it"
                + (suggestion is null ? "" : $": did you mean '{suggestion}'?"));
        }
        var defaults = from is null ? PromotionGates.FirstStage : PromotionGates.FromSource;
        var gates = reader.Child(stage, "gates") is { } g ? ReadGates(reader, reader.Mapping(g, "gates"), defaults, from is not null) : defaults;
        var fanOut = reader.Child(stage, "fanOut") is { } f ? ReadFanOut(reader, reader.Mapping(f, "fanOut")) : PromotionFanOut.Default;
        return new PromotionStage(name, environments, from, gates, fanOut);
    }

    private static void CheckEnvironment(StateYamlReader reader, YamlMappingNode stage, string name, string environment, List<PromotionStage> earlier)
    {
        // the environment names the lock's Lease and the record's ConfigMap (secretskit-release-ENV, secretskit-record-ENV)
        if (!ObjectNames.IsDnsSubdomain("secretskit-release-" + environment) || environment.Contains('.', StringComparison.Ordinal))
        {
            throw reader.Error(stage, $"stage '{name}': environment '{Echo.Bounded(environment)}' cannot name a Kubernetes object (lower-case letters, digits and '-' only)");
        }
        if (earlier.FirstOrDefault(s => s.Environments.Contains(environment, StringComparer.Ordinal)) is { } other)
        {
            throw reader.Error(stage, $"environment '{environment}' is in stage '{other.Name}' and stage '{name}': an environment belongs to one stage");
        }
    }

    private static PromotionGates ReadGates(StateYamlReader reader, YamlMappingNode gates, PromotionGates defaults, bool hasSource)
    {
        GateKeys.Check(reader, gates, "gates");
        var result = new PromotionGates(
            reader.Bool(gates, "sourceVerified", defaults.SourceVerified),
            reader.Bool(gates, "sameChart", defaults.SameChart),
            reader.Choice(gates, "secretKeys", defaults.SecretKeys, ("same", SecretKeysGate.Same), ("any", SecretKeysGate.Any)),
            reader.Choice(gates, "recipients", defaults.Recipients, ("isolated", RecipientsGate.Isolated), ("any", RecipientsGate.Any)),
            reader.Child(gates, "maxSourceAge") is { } age ? reader.Duration(age, "maxSourceAge") : defaults.MaxSourceAge,
            reader.Child(gates, "minSoak") is { } soak ? reader.Duration(soak, "minSoak") : defaults.MinSoak,
            reader.Choice(gates, "approval", defaults.Approval, ("none", ApprovalGate.None), ("diff-digest", ApprovalGate.DiffDigest)));
        if (!hasSource && (result.SourceVerified || result.SameChart || result.SecretKeys != SecretKeysGate.Any || result.MaxSourceAge is not null
            || result.MinSoak > TimeSpan.Zero))
        {
            throw reader.Error(gates, "gates about a source stage (sourceVerified, sameChart, secretKeys, maxSourceAge, minSoak) need 'from'");
        }
        return result;
    }

    private static ReleaseLockSettings ReadLock(StateYamlReader reader, YamlMappingNode node)
    {
        LockKeys.Check(reader, node, "lock");
        var ns = reader.OptionalString(node, "namespace") ?? ReleaseLockSettings.DefaultNamespace;
        if (!ObjectNames.IsDnsLabel(ns)) throw reader.Error(reader.Child(node, "namespace")!, $"lock.namespace '{Echo.Bounded(ns)}' is not a namespace name");
        var ttl = reader.Child(node, "ttl") is { } t ? reader.Duration(t, "lock.ttl") : ReleaseLockSettings.Default.Ttl;
        if (ttl < TimeSpan.FromSeconds(3)) throw reader.Error(reader.Child(node, "ttl")!, "lock.ttl must be at least 3s (the lock is renewed every third of it)");
        var wait = reader.Child(node, "wait") is { } w ? reader.Duration(w, "lock.wait") : ReleaseLockSettings.Default.Wait;
        return new ReleaseLockSettings(ns, ttl, wait);
    }

    private static PromotionFanOut ReadFanOut(StateYamlReader reader, YamlMappingNode node)
    {
        FanOutKeys.Check(reader, node, "fanOut");
        return new PromotionFanOut(
            reader.Choice(node, "order", PromotionFanOut.Default.Order, ("sequential", FanOutOrder.Sequential), ("parallel", FanOutOrder.Parallel)),
            reader.Choice(node, "onFailure", PromotionFanOut.Default.OnFailure, ("stop", FanOutFailure.Stop), ("rollback-done", FanOutFailure.RollbackDone)));
    }
}
