using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>What the <c>edit</c> tests share: the fixture age key, editor scripts and a freshly encrypted file.</summary>
internal static class EditSandbox
{
    public static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["CI"] = "true" };

    /// <summary>An executable <c>/bin/sh</c> editor script; the file to edit is <c>$1</c>.</summary>
    public static string Editor(TempDir dir, string body)
    {
        var path = dir.Write("editor.sh", "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Writes <c>secrets.yaml</c> and encrypts it in place for the fixture age recipient.</summary>
    public static async Task<string> EncryptAsync(TempDir dir, string content)
    {
        var path = dir.Write("secrets.yaml", content);
        var r = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path });
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    public static Dictionary<string, string?> With(string editor) => new(AgeEnv) { ["EDITOR"] = editor };

    /// <summary>Starts <c>secretskit edit PATH</c> with <paramref name="editor"/> as a child the test can signal; output redirected.</summary>
    public static System.Diagnostics.Process StartEdit(string path, string editor)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secretskit.dll"));
        psi.ArgumentList.Add("edit");
        psi.ArgumentList.Add(path);
        psi.Environment["HOME"] = CliRunner.IsolatedHome;
        psi.Environment["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile;
        psi.Environment["EDITOR"] = editor;
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>The trimmed text of <paramref name="file"/> once something non-blank is in it (a minute at most).</summary>
    public static async Task<string> WaitForTextAsync(string file)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(file) || File.ReadAllText(file).Trim().Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Path.GetFileName(file)} was not written");
            await Task.Delay(50);
        }
        return File.ReadAllText(file).Trim();
    }
}
