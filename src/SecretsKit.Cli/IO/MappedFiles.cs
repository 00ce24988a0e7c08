namespace SecretsKit.Cli.IO;

/// <summary>The files a command mapped (<see cref="MappedFile"/>), unmapped together when it has read the last of them.</summary>
internal sealed class MappedFiles : IDisposable
{
    private readonly List<MappedFile> _files = [];

    /// <summary>The file of <paramref name="stream"/> mapped (<see cref="MappedFile.TryMap"/>), unmapped with the
    /// others; false when it is not a file to map (read it instead).</summary>
    public bool TryMap(FileStream stream, long maxLength, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        IDisposable? owned = null;
        try
        {
            var file = MappedFile.TryMap(stream, maxLength);
            if (file is null) return false;
            owned = file;
            bytes = file.Memory;
            _files.Add(file);
            owned = null;
            return true;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (IDisposable file in _files) file.Dispose();
        _files.Clear();
    }
}
