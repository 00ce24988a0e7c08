using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Reads a rendered helmfile state (YAML; several <c>---</c> documents are layered in order) into a
/// <see cref="ReleaseFile"/>. Wrong types and unknown keys are errors naming file and line (<see cref="HelmfileKeys"/>).
/// Templating happens before this, in <see cref="StateLoader"/>.
/// </summary>
public static class ReleaseFileParser
{
    public const string DefaultFileName = "secretskit-release.yaml";

    /// <summary>Parses a file as plain YAML (no templating): what tests and the loader's final step use.</summary>
    public static ReleaseFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release file {path} does not exist",
                $"create {DefaultFileName} or helmfile.yaml, or pass --file");
        }
        return Parse(BoundedFile.ReadText(path, path), path);
    }

    public static ReleaseFile Parse(string text, string path) => Parse(ParseDocuments(text, path), path);

    /// <summary>The YAML documents of a rendered state, layered into one mapping (later documents win, lists append).</summary>
    public static YamlMappingNode ParseDocuments(string text, string path)
    {
        YamlStream stream;
        try
        {
            stream = BoundedYaml.Load(text);
            foreach (var doc in stream.Documents) YamlMergeKeys.Resolve(doc.RootNode);
        }
        catch (YamlException e)
        {
            throw StateYamlReader.Error(path, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        var root = new YamlMappingNode();
        foreach (var doc in stream.Documents)
        {
            if (doc.RootNode is YamlScalarNode { Value: null or "" }) continue;
            if (doc.RootNode is not YamlMappingNode m) throw StateYamlReader.Error(path, (int)doc.RootNode.Start.Line, "the document must be a mapping");
            StateLayers.Merge(root, m);
        }
        return root;
    }

    public static ReleaseFile Parse(YamlMappingNode root, string path)
    {
        var reader = new StateYamlReader(path);
        HelmfileKeys.TopLevel.Check(reader, root, "the top level");
        var environments = new Dictionary<string, ReleaseEnvironment>(StringComparer.Ordinal);
        if (reader.Child(root, "environments") is { } envNode)
        {
            foreach (var (key, value) in reader.Mapping(envNode, "environments").Children)
            {
                var name = reader.Scalar(key, "environment name");
                environments[name] = ReadEnvironment(reader, name, value);
            }
        }
        var defaults = ReadDefaults(reader, root);
        var releases = new List<ReleaseSpec>();
        if (reader.Child(root, "releases") is { } relNode)
        {
            if (relNode is not YamlSequenceNode list) throw reader.Error(relNode, "releases must be a list");
            var state = new ReleaseSpecParser.StateDefaults(defaults, new ReleaseTemplates(reader, root), reader.StringMap(root, "commonLabels"),
                reader.OptionalString(root, "kubeVersion"), reader.StringList(root, "apiVersions"));
            releases.AddRange(list.Children.Select(item => ReleaseSpecParser.Read(reader, item, state)));
        }
        else
        {
            _ = new ReleaseTemplates(reader, root); // templates are checked even when no release uses them
            reader.StringMap(root, "commonLabels");
        }
        reader.CheckHandlerConfig(root);
        CheckDuplicates(path, releases);
        return new ReleaseFile(path, environments, defaults, releases)
        {
            Repositories = ReadRepositories(reader, root),
            Bases = reader.StringList(root, "bases"),
            Helmfiles = SubHelmfiles(reader, root),
            StateValues = reader.ValuesList(root, "values"),
            MissingFileHandler = reader.Handler(root) ?? MissingFileHandler.Error,
            Warnings = reader.Warnings,
            KubeVersion = reader.OptionalString(root, "kubeVersion"),
            ApiVersions = reader.StringList(root, "apiVersions"),
            Hooks = ReleaseSpecParser.Hooks(reader, root, "the top level"),
            LockFilePath = reader.OptionalString(root, "lockFilePath"),
        };
    }

    private static ReleaseEnvironment ReadEnvironment(StateYamlReader reader, string name, YamlNode value)
    {
        var env = value is YamlScalarNode { Value: null or "" } ? new YamlMappingNode() : reader.Mapping(value, $"environments.{name}");
        HelmfileKeys.Environment.Check(reader, env, $"environments.{name}");
        reader.CheckHandlerConfig(env);
        var entries = reader.ValuesList(env, "values");
        return new ReleaseEnvironment(name, reader.OptionalString(env, "kubeContext"),
            entries.Where(e => e.Path is not null).Select(e => e.Path!).ToList(), reader.StringList(env, "secrets"))
        {
            ValueEntries = entries,
            SecretOrigins = reader.ItemOrigins(env, "secrets"),
            MissingFileHandler = reader.Handler(env),
        };
    }

    private static HelmDefaults ReadDefaults(StateYamlReader reader, YamlMappingNode root)
    {
        var defaults = new HelmDefaults();
        if (reader.Child(root, "helmDefaults") is not { } node) return defaults;
        var d = reader.Mapping(node, "helmDefaults");
        HelmfileKeys.Defaults.Check(reader, d, "helmDefaults");
        var postRenderer = reader.OptionalString(d, "postRenderer");
        var postRendererArgs = reader.StringList(d, "postRendererArgs");
        return ReleaseSpecParser.Rollback(reader, d, defaults) with
        {
            Wait = reader.Bool(d, "wait", defaults.Wait),
            Timeout = reader.Int(d, "timeout", defaults.Timeout),
            HistoryMax = reader.Int(d, "historyMax", defaults.HistoryMax),
            CreateNamespace = reader.Bool(d, "createNamespace", defaults.CreateNamespace),
            CleanupOnFail = reader.Bool(d, "cleanupOnFail", defaults.CleanupOnFail),
            KubeContext = reader.OptionalString(d, "kubeContext"),
            PostRenderer = postRenderer is { Length: > 0 } ? postRenderer : null,
            PostRendererArgs = postRendererArgs,
        };
    }

    private static IReadOnlyList<HelmRepository> ReadRepositories(StateYamlReader reader, YamlMappingNode root)
    {
        if (reader.Child(root, "repositories") is not { } node) return [];
        if (node is not YamlSequenceNode list) throw reader.Error(node, "repositories must be a list");
        return list.Children.Select(item =>
        {
            var m = reader.Mapping(item, "a repository");
            HelmfileKeys.Repository.Check(reader, m, "a repository");
            return new HelmRepository(
                reader.OptionalString(m, "name") ?? throw reader.Error(item, "a repository needs a name"),
                reader.OptionalString(m, "url") ?? throw reader.Error(item, "a repository needs a url"),
                reader.Bool(m, "oci", false));
        }).ToList();
    }

    private static IReadOnlyList<SubHelmfile> SubHelmfiles(StateYamlReader reader, YamlMappingNode root)
    {
        if (reader.Child(root, "helmfiles") is not { } node) return [];
        if (node is not YamlSequenceNode list) throw reader.Error(node, "helmfiles must be a list");
        return list.Children.Select(item =>
        {
            if (item is YamlScalarNode) return new SubHelmfile(reader.Scalar(item, "a helmfiles entry"), [], []);
            var m = reader.Mapping(item, "a helmfiles entry");
            HelmfileKeys.SubHelmfile.Check(reader, m, "a helmfiles entry");
            return new SubHelmfile(reader.OptionalString(m, "path") ?? throw reader.Error(item, "a helmfiles entry needs a path"),
                reader.StringList(m, "selectors"), reader.ValuesList(m, "values"));
        }).ToList();
    }

    /// <summary>Two releases with one namespace/name; a name still holding a release template is checked once rendered.</summary>
    internal static void CheckDuplicates(string path, IReadOnlyList<ReleaseSpec> releases)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in releases.Where(r => !r.Id.Contains("{{", StringComparison.Ordinal)))
        {
            if (seen.TryGetValue(r.Id, out var first))
                throw StateYamlReader.Error(path, r.Line, $"release {Echo.Bounded(r.Id)} is defined twice (first at line {first})");
            seen[r.Id] = r.Line;
        }
    }
}
