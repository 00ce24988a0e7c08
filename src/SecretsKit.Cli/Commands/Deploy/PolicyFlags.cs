using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>The option values <c>policy</c> and the release's policy stage share: severities and the <c>.trivyignore</c>; a bad value exits 2.</summary>
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
}
