using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A schema (a CRD, a schema file or URL, a bundle) or a <c>--kube-version</c> that cannot be used; the message names
/// what and why. Exit code 2 (an input could not be read), distinct from 1 (the manifests are invalid).
/// </summary>
public sealed class SchemaException(string message) : SecretsKitException(ExitCodes.CouldNotReadInputFile, message);
