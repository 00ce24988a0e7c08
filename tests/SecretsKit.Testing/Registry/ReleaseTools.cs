namespace SecretsKit.Testing.Registry;

/// <summary>
/// The Debian packages scripts/release.sh and its tests need (scripts/setup.sh installs them): <c>umoci</c> builds and
/// unpacks the image, <c>skopeo</c> copies it to and from a registry, <c>docker-registry</c> is the registry.
/// </summary>
public static class ReleaseTools
{
    private static readonly (string Command, string Package)[] Needed =
    [
        ("umoci", "umoci"),
        ("skopeo", "skopeo"),
        (LocalRegistry.Binary, "docker-registry"),
    ];

    /// <summary>Why the release tests cannot run here (the Debian packages not installed), or null when they can.</summary>
    public static string? MissingReason()
    {
        var missing = Needed.Where(n => Locate(n.Command) is null).Select(n => n.Package).ToList();
        return missing.Count == 0
            ? null
            : $"Debian package(s) {string.Join(", ", missing)} not installed (scripts/setup.sh runs apt-get install for them)";
    }

    /// <summary>The full path of <paramref name="command"/> (absolute, or looked up on PATH), or null.</summary>
    public static string? Locate(string command)
    {
        if (Path.IsPathRooted(command)) return File.Exists(command) ? command : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
    }
}
