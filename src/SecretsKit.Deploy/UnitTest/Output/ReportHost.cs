namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// The facts about the run that helm-unittest's reports carry besides the results: when (local time), the host name,
/// the working directory, the user (and Windows domain), the culture and the platform.
/// </summary>
public sealed record ReportHost(DateTimeOffset Now, string Hostname, string WorkingDirectory, string User, string UserDomain)
{
    /// <summary>The runtime and platform, as helm-unittest writes Go's (<c>go1.22.linux-amd64</c>).</summary>
    public string Platform { get; init; } =
        $"dotnet{Environment.Version}.{(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux")}-"
        + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>The language and the culture name (helm-unittest: the two its locale detection gives).</summary>
    public (string Language, string Culture) Culture { get; init; } =
        (System.Globalization.CultureInfo.CurrentCulture.TwoLetterISOLanguageName, System.Globalization.CultureInfo.CurrentCulture.Name);
}
