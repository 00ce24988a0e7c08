namespace SecretsKit.Go;

/// <summary>
/// A Go <c>error</c> returned by the emulated runtime (<c>regexp.Compile</c>, <c>time.ParseDuration</c>, <c>fmt</c>'s
/// budget, <c>json.Marshal</c>…): the message is Go's error text. Callers that report Go errors catch this type (a
/// template function's own errors derive from it).
/// </summary>
public class GoException(string message) : Exception(message);
