using SecretsKit.Templates;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's function set (runtime/template/v2): its sprig fork (sprig without <c>env</c>, <c>expandenv</c> and
/// <c>getHostByName</c>, with <c>hexdec</c>; Helm's <c>required</c> is not in it), plus ESO's PEM, PKCS#12, JWK,
/// <c>rsaDecrypt</c>, <c>toYaml</c> and <c>fromYaml</c>. Each ESO family is one file here and
/// one registration line below.
/// </summary>
public static class EsoTemplateFunctions
{
    public static TemplateFunctions Table { get; } = TemplateFunctions.Sprig
        .With(EsoFunctions.Register, EsoCertificates.Register, EsoPkcs12.Register, EsoKeys.Register)
        .Without("env", "expandenv", "getHostByName");
}
