namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>
/// One thing wrong with an ExternalSecret's spec against ESO's schema: <see cref="Path"/> names it (<c>spec.data[0].remoteRef.proprety</c>,
/// <c>spec.target.template.mergePolicy=merge</c>), <see cref="Message"/> says it for the user (an unknown field with the
/// closest known one, a value outside its enum with the allowed values, a required field left out).
/// </summary>
internal sealed record SpecFinding(string Path, string Message, bool Missing = false);
