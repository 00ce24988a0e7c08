using System.Text.Json;
using SecretsKit.Agent.Templates.Functions;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Templates;
using SecretsKit.Templates;
using SecretsKit.Testing.GoTemplate;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// SecretsKit's side of each differential flavour: the function set, how the case's JSON data is given to the template,
/// and the missing-key rule — the counterparts of tests/fixtures/go-template-oracle's flavours.
/// </summary>
internal static class GoDifferentialFlavours
{
    private static readonly Lazy<TemplateFunctions> Helmfile = new(() => HelmfileFunctions.Create(new HelmfileTemplateContext(
        new MapEnvironment(new Dictionary<string, string>(), Path.GetTempPath(), Path.GetTempPath()),
        Path.GetTempPath(), new SystemProcessRunner(), AllowExec: false)));

    private static readonly Lazy<TemplateFunctions> Eso = new(() => EsoTemplateFunctions.Table);

    public static TemplateFunctions Functions(string flavour) => flavour switch
    {
        "sprig" => TemplateFunctions.Sprig,
        "eso" => Eso.Value,
        "helmfile" => Helmfile.Value,
        _ => throw new InvalidDataException($"unknown flavour {flavour}"),
    };

    public static object? Data(string flavour, bool stringData, JsonElement? json) =>
        flavour == "eso" || stringData ? GoJsonData.StringMap(json) : GoJsonData.FromJson(json);

    public static bool MissingKeyIsError(string flavour, string? missingKey) =>
        missingKey is { } m ? m == "error" : flavour is "eso" or "helmfile";
}
