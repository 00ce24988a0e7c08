using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Age;

/// <summary>
/// The commands a plugin may send in either state machine that talk to the user: <c>msg</c> (shown on stderr),
/// <c>request-secret</c> / <c>request-public</c> (asked on the terminal; <c>fail</c> without one), <c>confirm</c>
/// (<c>fail</c>: not asked), <c>labels</c> (acknowledged). Anything else is answered <c>unsupported</c>, as the spec asks.
/// </summary>
internal static class AgePluginUi
{
    public static void Answer(AgePluginConnection connection, AgeStanza command, string plugin)
    {
        switch (command.Type)
        {
            case "msg":
                Console.Error.WriteLine($"{AgePluginName.Binary(plugin)}: {Encoding.UTF8.GetString(command.Body)}");
                connection.Send("ok");
                break;
            case "request-secret":
            case "request-public":
                connection.Send("ok", [], Encoding.UTF8.GetBytes(Ask(plugin, Encoding.UTF8.GetString(command.Body)) ?? ""));
                break;
            case "labels":
                connection.Send("ok");
                break;
            default:
                connection.Send(command.Type == "confirm" ? "fail" : "unsupported");
                break;
        }
    }

    private static string? Ask(string plugin, string prompt)
    {
        try
        {
            return new TerminalPassphraseReader(SystemProcessRunner.Instance)
                .ReadPassphraseAsync($"{AgePluginName.Binary(plugin)}: {prompt}").GetAwaiter().GetResult();
        }
        catch (AgeException)
        {
            return null;
        }
    }
}
