using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>A chart's name as helm names it (Chart.yaml's <c>name</c>): the route its templates render under.</summary>
internal static class ChartName
{
    /// <summary>The name in <paramref name="directory"/>'s Chart.yaml (an error when missing or unsafe as a path part).</summary>
    public static string Read(string directory)
    {
        var file = Path.Combine(directory, "Chart.yaml");
        if (!File.Exists(file)) throw new SecretsKitException(ExitCodes.Generic, $"Chart.yaml file is missing in {directory}");
        var meta = TemplateYaml.Read(BoundedFile.ReadText(file, file)) as IReadOnlyDictionary<string, object?>;
        if (meta?.GetValueOrDefault("name") is not string { Length: > 0 } name || name.Contains('/', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
            throw new SecretsKitException(ExitCodes.Generic, $"validation: chart.metadata.name is required ({file})");
        return name;
    }
}
