using System.Globalization;
using System.Text;

namespace SecretsKit.Bench;

/// <summary>
/// The big YAML document of <c>gen_workloads.py</c> (sections of 10 string values of 80 characters), built in memory
/// so the in-process benchmarks measure the same shape as the whole-process ones.
/// </summary>
internal static class BigYamlWorkload
{
    public static byte[] Plaintext(int values)
    {
        var text = new StringBuilder(values * 90);
        text.Append("# big benchmark document\n");
        for (var s = 0; s < values / 10; s++)
        {
            text.Append("section").Append(s.ToString("D6", CultureInfo.InvariantCulture)).Append(":\n");
            for (var k = 0; k < 10; k++)
            {
                text.Append("    key").Append(k).Append(": ").Append(Value(s * 10 + k)).Append('\n');
            }
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Value(int i) =>
        "s3cr3t-" + unchecked((uint)i * 2654435761u).ToString("x8", CultureInfo.InvariantCulture) + "-" + new string('x', 60);
}
