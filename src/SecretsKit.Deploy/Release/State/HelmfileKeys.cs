using SecretsKit.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// The keys of one section of a helmfile state, and what <c>secretskit release</c> does with each. helmfile's state
/// decoder rejects a key that is none of its fields (<c>field … not found in type state.HelmState</c>), so a typo never
/// silently drops a setting; the same holds here in every section: a key outside the three lists is an error naming
/// the file, line, key and section (with the closest key, when one is close). Of helmfile's own fields, those that
/// change neither what is rendered nor how it is deployed are a warning (<see cref="Ignored"/>), and those that would
/// are refused (<see cref="Refused"/>) rather than dropped.
/// </summary>
internal sealed record HelmfileKeys(string[] Known, string[] Ignored, string[] Refused)
{
    /// <summary>Per-key advice for a refused key, where there is a SecretsKit way to the same end.</summary>
    private static readonly Dictionary<string, string> RefusalHints = new(StringComparer.Ordinal)
    {
        ["helmBinary"] = "set HELM_BIN to the helm to run",
        ["jsonPatches"] = "helmfile applies it through chartify and kustomize, which secretskit release does not run; use postRenderer",
        ["strategicMergePatches"] = "helmfile applies it through chartify and kustomize, which secretskit release does not run; use postRenderer",
        ["transformers"] = "helmfile applies it through chartify and kustomize, which secretskit release does not run; use postRenderer",
        ["dependencies"] = "helmfile adds it through chartify, which secretskit release does not run; add the dependency to the chart",
        ["forceNamespace"] = "helmfile applies it through chartify, which secretskit release does not run",
    };

    /// <summary>The top level (helmfile's <c>ReleaseSetSpec</c>).</summary>
    public static HelmfileKeys TopLevel { get; } = new(
        [
            "environments", "helmDefaults", "releases", "repositories", "bases", "helmfiles", "values", "missingFileHandler", "templates", "apiVersions",
            "kubeVersion", "commonLabels", "defaultInherit", "missingFileHandlerConfig", "hooks", "lockFilePath",
        ],
        ["kustomizeBinary", "llm"],
        ["helmBinary", "kubeContext", "namespace", "chart"]);

    /// <summary>An entry of <c>environments:</c>.</summary>
    public static HelmfileKeys Environment { get; } = new(
        ["kubeContext", "values", "secrets", "missingFileHandler", "missingFileHandlerConfig"],
        [],
        ["mergeStrategy"]);

    /// <summary><c>helmDefaults:</c> (helmfile's <c>HelmSpec</c>).</summary>
    public static HelmfileKeys Defaults { get; } = new(
        ["atomic", "rollbackOnFailure", "wait", "timeout", "historyMax", "createNamespace", "cleanupOnFail", "kubeContext", "postRenderer", "postRendererArgs"],
        [
            "verify", "keyring", "enableDNS", "skipSchemaValidation", "devel", "waitRetries", "waitForJobs", "recreatePods", "force",
            "forceConflicts", "skipDeps", "skipRefresh", "cascade", "suppressOutputLineRegex", "disableAutoDetectedKubeVersionForDiff",
            "disableValidation", "disableOpenAPIValidation", "insecureSkipTLSVerify", "plainHttp", "deleteWait", "deleteTimeout",
            "syncReleaseLabels", "takeOwnership", "serverSide", "trackMode", "helmStuckGrace",
        ],
        ["args", "diffArgs", "syncArgs", "templateArgs", "skipCRDs", "reuseValues"]);

    /// <summary>An entry of <c>repositories:</c>. Credentials are not passed to <c>helm repo add</c> (they would be on its argv).</summary>
    public static HelmfileKeys Repository { get; } = new(
        ["name", "url", "oci"],
        ["username", "password", "certFile", "keyFile", "caFile", "passCredentials", "registryConfig", "managed", "verify", "keyring", "skipTLSVerify", "plainHttp"],
        []);

    /// <summary>An entry of <c>helmfiles:</c>.</summary>
    public static HelmfileKeys SubHelmfile { get; } = new(["path", "selectors", "values", "selectorsInherited"], [], ["inherits", "environment"]);

    /// <summary>An entry of <c>releases:</c> (helmfile's <c>ReleaseSpec</c>).</summary>
    public static HelmfileKeys Release { get; } = new(
        [
            "name", "namespace", "chart", "version", "labels", "installed", "condition", "needs", "values", "secrets", "set", "setString",
            "kubeContext", "createNamespace", "atomic", "rollbackOnFailure", "wait", "timeout", "historyMax", "cleanupOnFail", "hooks", "missingFileHandler",
            "inherit", "valuesTemplate", "setTemplate", "kubeVersion", "apiVersions", "postRenderer", "postRendererArgs", "missingFileHandlerConfig",
            "installedTemplate", "conditionTemplate",
        ],
        [
            "verify", "keyring", "devel", "waitRetries", "waitForJobs", "recreatePods", "force", "disableOpenAPIValidation", "disableValidation",
            "disableValidationOnInstall", "suppressDiff", "skipDeps", "skipRefresh", "deleteWait", "deleteTimeout", "suppressOutputLineRegex",
            "insecureSkipTLSVerify", "plainHttp", "enableDNS", "takeOwnership", "forceGoGetter", "adopt", "description", "unitTests",
            "trackMode", "trackTimeout", "trackLogs", "trackFailedLogs", "trackKinds", "skipKinds", "trackResources", "kubedogQPS", "kubedogBurst",
            "trackFailOnError", "helmStuckGrace", "serverSide", "forceConflicts", "syncReleaseLabels", "cascade", "skipSchemaValidation",
            "disableAutoDetectedKubeVersionForDiff", "waitTemplate", "verifyTemplate", "updateStrategy",
        ],
        [
            "jsonPatches", "strategicMergePatches", "transformers", "dependencies", "forceNamespace", "syncArgs", "diffArgs", "templateArgs",
            "reuseValues", "env", "valuesPathPrefix", "chartPath", "directory",
        ]);

    /// <summary>An entry of a release's <c>set:</c> or <c>setString:</c>.</summary>
    public static HelmfileKeys Set { get; } = new(["name", "value", "file", "values"], [], []);

    /// <summary><c>missingFileHandlerConfig:</c> (top level, environment, release); it only concerns git remote files, which are not fetched.</summary>
    public static HelmfileKeys MissingFileHandlerConfig { get; } = new(["ignoreMissingGitBranch"], [], []);

    /// <summary>An entry of a release's <c>hooks:</c>.</summary>
    public static HelmfileKeys Hook { get; } = new(["events", "command", "args", "showlogs"], ["name"], ["kubectlApply"]);

    /// <summary>Warns about <see cref="Ignored"/> keys of <paramref name="mapping"/>; throws on a refused or unknown one.</summary>
    public void Check(StateYamlReader reader, YamlMappingNode mapping, string where)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = reader.Scalar(key, "a key");
            if (Known.Contains(name, StringComparer.Ordinal)) continue;
            if (Ignored.Contains(name, StringComparer.Ordinal))
            {
                reader.Warn(key, $"helmfile's key '{name}' in {where} is ignored by secretskit release");
                continue;
            }
            if (Refused.Contains(name, StringComparer.Ordinal))
            {
                throw reader.Error(key, $"{where}: helmfile's key '{name}' is not supported by secretskit release (it changes what is deployed); "
                    + (RefusalHints.TryGetValue(name, out var hint) ? hint : "remove it or deploy this state with helmfile"));
            }
            var suggestion = EditDistance.Closest(name, Known.Concat(Ignored).Concat(Refused), 2);
            throw reader.Error(key, $"unknown key '{name}' in {where}" + (suggestion is null ? "" : $": did you mean '{suggestion}'?"));
        }
    }
}
