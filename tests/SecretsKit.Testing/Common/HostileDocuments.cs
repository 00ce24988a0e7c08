using System.Text;

namespace SecretsKit.Testing.Common;

/// <summary>Documents an attacker can write, shared by the Core, CLI and agent tests of the reading budget.</summary>
public static class HostileDocuments
{
    /// <summary>
    /// YAML "billion laughs": nine anchors, each a list aliasing the previous one nine times (about 490 bytes,
    /// 9^9 = 387,420,489 strings once expanded).
    /// </summary>
    public static string BillionLaughs(string firstKey = "lol0")
    {
        var sb = new StringBuilder();
        sb.Append(firstKey).Append(": &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 9; i++)
        {
            var previous = $"*a{i - 1}";
            sb.Append("lol").Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(",", Enumerable.Repeat(previous, 9))).Append("]\n");
        }
        return sb.ToString();
    }

    /// <summary>A YAML mapping whose one value is <paramref name="depth"/> levels deep in all (flow sequences inside the top mapping).</summary>
    public static string DeepYaml(int depth) => "deep: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n";

    /// <summary>A JSON object <paramref name="depth"/> levels deep in all.</summary>
    public static string DeepJson(int depth) => "{\"deep\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}\n";
}
