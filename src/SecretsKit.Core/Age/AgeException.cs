using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Age;

/// <summary>An age file, key or recipient that cannot be used: malformed input, unsupported type, failed authentication.</summary>
public class AgeException : SecretsKitException
{
    public AgeException(string message, int exitCode = ExitCodes.Generic, Exception? inner = null)
        : base(exitCode, message, null, inner)
    {
    }
}
