using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Charts;
using SecretsKit.Deploy.Input;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.Records;

/// <summary>
/// A chart's name, version and digest, as a release record keeps them. A packaged chart (<c>.tgz</c>, local or pulled
/// from a repository) is digested as it is; a local chart folder as a canonical tar of what <c>helm package</c> would
/// put in it (the files <c>.helmignore</c> keeps, in ordinal order of their paths under the chart's name, mode 0644 or
/// 0755, owner 0, time 0), so the same folder has the same digest on every machine.
/// </summary>
public static class ChartIdentity
{
    private const int MaxChartYamlBytes = 1 << 20;

    /// <summary>A local chart folder or packaged chart file.</summary>
    public static RecordedChart Of(string path)
    {
        if (Directory.Exists(path)) return OfDirectory(path);
        if (File.Exists(path)) return OfPackage(path);
        throw new SecretsKitException(ExitCodes.Generic, $"chart {path} is neither a folder nor a packaged chart");
    }

    private static RecordedChart OfDirectory(string directory)
    {
        var (name, version) = NameAndVersion(BoundedFile.ReadText(Path.Combine(directory, "Chart.yaml"), Path.Combine(directory, "Chart.yaml")), directory);
        var ignore = HelmIgnore.ForChart(directory);
        var budget = ChartArchiveBudget.Helm;
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !ignore.IgnoresFile(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count > budget.Files) throw new SecretsKitException(ExitCodes.Generic, $"chart {directory} has more than {budget.Files} files");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var tar = new TarWriter(new HashingStream(hash), TarEntryFormat.Gnu, leaveOpen: false))
        {
            long total = 0;
            foreach (var relative in files)
            {
                var full = Path.Combine(directory, relative);
                var info = new FileInfo(full);
                total += info.Length;
                if (info.Length > budget.FileBytes || total > budget.ChartBytes)
                {
                    throw new SecretsKitException(ExitCodes.Generic, $"chart {directory} is larger than helm's loader allows ({relative})");
                }
                using var content = File.OpenRead(full);
                var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0;
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name + "/" + relative)
                {
                    Mode = executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    AccessTime = DateTimeOffset.UnixEpoch,
                    ChangeTime = DateTimeOffset.UnixEpoch,
                    Uid = 0,
                    Gid = 0,
                    DataStream = content,
                });
            }
        }
        return new RecordedChart { Name = name, Version = version, Digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()) };
    }

    private static RecordedChart OfPackage(string file)
    {
        string digest;
        using (var stream = File.OpenRead(file)) digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        using var archive = File.OpenRead(file);
        using var gzip = new GZipStream(archive, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var read = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            if (++read > ChartArchiveBudget.Helm.Files) break;
            var parts = entry.Name.Split('/');
            if (parts is not [_, "Chart.yaml"] || entry.DataStream is null) continue;
            if (entry.Length > MaxChartYamlBytes) break;
            using var text = new StreamReader(entry.DataStream);
            var (name, version) = NameAndVersion(text.ReadToEnd(), file);
            return new RecordedChart { Name = name, Version = version, Digest = digest };
        }
        throw new SecretsKitException(ExitCodes.Generic, $"packaged chart {file} holds no readable Chart.yaml");
    }

    /// <summary><c>name</c> and <c>version</c> of a <c>Chart.yaml</c>.</summary>
    private static (string Name, string Version) NameAndVersion(string chartYaml, string shown)
    {
        try
        {
            var stream = BoundedYaml.Load(chartYaml);
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode { Value: { Length: > 0 } name })
            {
                var version = root.Children.TryGetValue(new YamlScalarNode("version"), out var v) && v is YamlScalarNode { Value: { } text } ? text : "";
                return (Echo.Bounded(name), Echo.Bounded(version));
            }
        }
        catch (YamlException)
        {
            // said below
        }
        throw new SecretsKitException(ExitCodes.Generic, $"the Chart.yaml of {shown} names no chart");
    }

    /// <summary>A write-only stream that feeds a hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
