using System.Text;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Bench.Floor;

internal static class Program
{
    /// <summary>floor FILE: parses the YAML file and emits it to stdout.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: floor FILE.yaml");
            return 2;
        }
        var stream = new YamlStream();
        using (var reader = new StreamReader(args[0], Encoding.UTF8))
        {
            stream.Load(reader);
        }
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        stream.Save(stdout, assignAnchors: false);
        return 0;
    }
}
