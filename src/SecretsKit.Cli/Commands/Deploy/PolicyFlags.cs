using SecretsKit.Cli.Context;
using System.CommandLine;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>The option values <c>policy</c> and the release's policy stage share: severities, the <c>.trivyignore</c>, the admission policies; a bad value exits 2.</summary>
internal static class PolicyFlags
{
    public static SecretsKitException Usage(string message) => new(ExitCodes.CouldNotReadInputFile, message);

    public static List<PolicySeverity> Severities(string[]? given, string flag)
    {
        var result = new List<PolicySeverity>();
        foreach (var name in (given ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<PolicySeverity>(name, ignoreCase: true, out var s) || !name.All(char.IsAsciiLetter))
            {
                throw Usage($"{flag}: '{name}' is not one of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL");
            }
            result.Add(s);
        }
        return result;
    }

    /// <summary>The named ignore file (it must exist), else <c>.trivyignore</c> in the working directory when there is one.</summary>
    public static TrivyIgnoreFile? ReadIgnoreFile(CliContext context, string? path)
    {
        var full = context.FullPath(path ?? ".trivyignore");
        if (path is null && !File.Exists(full)) return null;
        try
        {
            return TrivyIgnoreFile.Parse(File.ReadAllText(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Usage($"{path ?? ".trivyignore"}: cannot read ({e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)})");
        }
        catch (FormatException e)
        {
            throw Usage($"{path ?? ".trivyignore"}: {e.Message}");
        }
    }

    /// <summary>The repeatable option naming registries KSV0125 trusts (Trivy's <c>ksv0125.trusted_registries</c>).</summary>
    public static Option<string[]> TrustedRegistryOption(string name) => new(name)
    {
        Description = "a container registry KSV0125 trusts (repeatable or comma-separated; replaces the default Azure, ECR and GCR registries, as Trivy's ksv0125.trusted_registries does)",
        Recursive = name.StartsWith("--policy-", StringComparison.Ordinal),
    };

    /// <summary>The repeatable option naming Trivy data files (<c>trivy config --config-data</c>).</summary>
    public static Option<string[]> ConfigDataOption(string name) => new(name)
    {
        Description = "a Trivy data file or directory (*.yaml, *.yml, *.json) as trivy config --config-data reads it: ksv0125.trusted_registries; repeatable",
        Recursive = name.StartsWith("--policy-", StringComparison.Ordinal),
    };

    /// <summary>
    /// The trusted registries of <paramref name="registryFlag"/> and of the data files of <paramref name="dataFlag"/>,
    /// together (empty: KSV0125's defaults); an empty name, or a data file that cannot be read or holds a bad list, exits 2.
    /// </summary>
    public static List<string> TrustedRegistries(CliContext context, string[]? given, string[]? dataPaths, string registryFlag, string dataFlag, CancellationToken ct)
    {
        var registries = new List<string>();
        foreach (var name in (given ?? []).SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (name.Length == 0) throw Usage($"{registryFlag}: an empty registry would trust every registry");
            registries.Add(name);
        }
        if (dataPaths is not { Length: > 0 }) return registries;
        if (dataPaths.Contains("-")) throw Usage($"{dataFlag}: name a file or directory (stdin holds the manifests)");
        foreach (var path in dataPaths)
        {
            if (!File.Exists(context.FullPath(path)) && !Directory.Exists(context.FullPath(path))) throw Usage($"{dataFlag} {path}: no such file or directory");
        }
        foreach (var source in ManifestInputs.Read(context, dataPaths, ct))
        {
            try
            {
                registries.AddRange(TrivyCheckData.TrustedRegistries(source.Text));
            }
            catch (FormatException e)
            {
                throw Usage($"{dataFlag} {source.Origin}: {e.Message}");
            }
        }
        return registries;
    }

    /// <summary>The repeatable option naming the manifests deployed now, which the rollout checks compare the input with.</summary>
    public static Option<string[]> DeployedOption(string name) => new(name)
    {
        Description = "the manifests deployed now (helm get manifest RELEASE > deployed.yaml; a file or directory, repeatable): "
            + "the rollout checks (SK-ROLLOUT-001) compare the input with them",
    };

    /// <summary>The repeatable option naming the cluster's admission configuration: files or directories of ValidatingAdmissionPolicies, bindings, param objects, Namespaces, CRDs.</summary>
    public static Option<string[]> AdmissionPolicyOption(string name) => new(name)
    {
        Description = "a file or directory of the cluster's ValidatingAdmissionPolicies and bindings (with their param objects, Namespaces, CRDs), evaluated over every object; repeatable",
        Recursive = name.StartsWith("--policy-", StringComparison.Ordinal),
    };

    /// <summary>
    /// The files and directories of an option that names manifests beside the input (the admission policies, the deployed
    /// rendering): read as <c>policy</c> reads its inputs; <c>-</c> is not allowed (stdin holds the manifests); a document
    /// that is not a YAML object exits 2.
    /// </summary>
    public static List<ManifestSource> ReadManifestFiles(CliContext context, string[]? paths, string flag, CancellationToken ct)
    {
        if (paths is not { Length: > 0 }) return [];
        if (paths.Contains("-")) throw Usage($"{flag}: name a file or directory (stdin holds the manifests)");
        foreach (var path in paths)
        {
            var full = context.FullPath(path);
            if (!File.Exists(full) && !Directory.Exists(full)) throw Usage($"{flag} {path}: no such file or directory");
        }
        var sources = ManifestInputs.Read(context, paths, ct);
        if (PolicyScanner.Unreadable(sources, ct) is { Count: > 0 } unreadable) throw Usage($"{flag}: {unreadable[0]}");
        return sources;
    }
}
