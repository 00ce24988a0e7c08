using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// A <c>--schema-location</c> that cannot be used at all (a template naming a field kubeconform's templates do not have,
/// an unclosed action, a path that is neither a directory, a schema file nor a template): refused before any document is
/// read, with the exit code of a usage error (1), as kubeconform fails at start.
/// </summary>
public sealed class SchemaLocationException(string message) : SecretsKitException(ExitCodes.Generic, message);
