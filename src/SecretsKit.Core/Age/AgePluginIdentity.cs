using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// An identity <c>AGE-PLUGIN-NAME-1…</c> served by <c>age-plugin-NAME</c> over the <c>identity-v1</c> state machine: the
/// client sends <c>add-identity</c>, every stanza of the file as <c>recipient-stanza 0 TYPE ARGS…</c> and <c>done</c>;
/// the plugin answers <c>file-key 0</c> (acknowledged <c>ok</c>) when one of them is its own, or errors, then
/// <c>done</c>. The identity travels only on the plugin's stdin, never in its arguments.
/// </summary>
public sealed class AgePluginIdentity : IAgeIdentity
{
    private readonly string _identity;
    private readonly string _plugin;

    private AgePluginIdentity(string identity, string plugin)
    {
        _identity = identity;
        _plugin = plugin;
    }

    public static AgePluginIdentity Parse(string identity) => new(identity, AgePluginName.FromIdentity(identity));

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        using var connection = AgePluginConnection.Start(_plugin, "identity-v1");
        connection.Send("add-identity", _identity);
        foreach (var stanza in stanzas) connection.Send("recipient-stanza", ["0", stanza.Type, .. stanza.Arguments], stanza.Body);
        connection.Send("done");
        byte[]? fileKey = null;
        string? error = null;
        while (true)
        {
            var command = connection.Receive();
            switch (command.Type)
            {
                case "file-key" when command.Arguments is ["0"]:
                    fileKey = command.Body;
                    connection.Send("ok");
                    break;
                case "error":
                    error ??= $"age plugin '{_plugin}' ({string.Join(' ', command.Arguments)}): {Encoding.UTF8.GetString(command.Body)}";
                    connection.Send("ok");
                    break;
                case "done":
                    if (fileKey is null && error is not null) throw new AgeException(error);
                    return fileKey;
                default:
                    AgePluginUi.Answer(connection, command, _plugin);
                    break;
            }
        }
    }
}
