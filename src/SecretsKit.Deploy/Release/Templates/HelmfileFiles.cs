using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Deploy.Release.Templates;

/// <summary>
/// helmfile's file functions: a relative path is joined to the state file's directory (an absolute one is used as
/// given, as helmfile does); <c>readDir</c> lists the files (not directories) of a directory as the given path joined
/// with each name, sorted; <c>readDirEntries</c> gives entries with <c>.Name</c> and <c>.IsDir</c>.
/// </summary>
internal static class HelmfileFiles
{
    private static string Resolve(string baseDirectory, string path) => Path.IsPathRooted(path) ? path : Path.Join(baseDirectory, path);

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => "input/output error",
    };

    /// <summary>
    /// helmfile's <c>readFile</c>, read through the bounded reader: what is read (not the size the file system reports:
    /// <c>/dev/zero</c> reports 0) stops at what the template may still build.
    /// </summary>
    public static string ReadFile(string baseDirectory, string path, TemplateCall call)
    {
        var full = Resolve(baseDirectory, path);
        var limit = call.OutputLimit > 0 ? call.OutputLimit : BoundedInput.MaxDocumentBytes;
        try
        {
            if (Directory.Exists(full)) throw new TemplateFunctionException($"read {full}: is a directory");
            return GoString.FromBytes(BoundedInput.ReadFile(full, full, limit));
        }
        catch (SecretsKitException)
        {
            throw new GoLimitException($"read {full}: more than the template output limit of {limit} characters");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateFunctionException($"open {full}: {Reason(e)}");
        }
    }

    private static FileSystemInfo[] Entries(string function, string baseDirectory, string path)
    {
        var full = Resolve(baseDirectory, path);
        try
        {
            return new DirectoryInfo(full).GetFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TemplateFunctionException($"{function} \"{full}\": open {full}: {Reason(e)}");
        }
    }

    public static GoSlice ReadDir(string baseDirectory, string path) =>
        GoSlice.Strings(Entries("ReadDir", baseDirectory, path).Where(e => e is not DirectoryInfo).Select(e => Path.Join(path, e.Name)));

    public static List<object?> ReadDirEntries(string baseDirectory, string path) =>
        Entries("ReadDirEntries", baseDirectory, path).Select(e => (object?)new GoStruct("*os.unixDirent", new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Name"] = e.Name,
            ["IsDir"] = e is DirectoryInfo,
        })).ToList();

    public static bool Is(string baseDirectory, string path, bool directory)
    {
        var full = Resolve(baseDirectory, path);
        return directory ? Directory.Exists(full) : File.Exists(full);
    }
}
