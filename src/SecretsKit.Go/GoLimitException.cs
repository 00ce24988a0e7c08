namespace SecretsKit.Go;

/// <summary>
/// A result that would pass its budget (<c>fmt</c>'s output limit, a template's build budget): raised before the result
/// is allocated, and never swallowed by a function that turns its other errors into an empty result.
/// </summary>
public sealed class GoLimitException(string message) : GoException(message);
