using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// A recipient <c>age1NAME1…</c> served by <c>age-plugin-NAME</c> over the age plugin protocol's <c>recipient-v1</c>
/// state machine: the client sends <c>add-recipient</c>, <c>wrap-file-key</c> and <c>done</c>; the plugin answers with
/// one <c>recipient-stanza</c> per file key (each acknowledged <c>ok</c>), or an <c>error</c>, then <c>done</c>.
/// </summary>
public sealed class AgePluginRecipient : IAgeRecipient
{
    private readonly string _recipient;
    private readonly string _plugin;

    private AgePluginRecipient(string recipient, string plugin)
    {
        _recipient = recipient;
        _plugin = plugin;
    }

    /// <summary>A plugin recipient whose Bech32 HRP (already checked by the caller) is <paramref name="hrp"/>.</summary>
    public static AgePluginRecipient Create(string recipient, string hrp) => new(recipient, AgePluginName.FromRecipientHrp(hrp));

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        using var connection = AgePluginConnection.Start(_plugin, "recipient-v1");
        connection.Send("add-recipient", _recipient);
        connection.Send("wrap-file-key", [], fileKey);
        connection.Send("done");
        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var command = connection.Receive();
            switch (command.Type)
            {
                case "recipient-stanza" when command.Arguments is ["0", var type, ..]:
                    stanzas.Add(new AgeStanza(type, command.Arguments.Skip(2).ToList(), command.Body));
                    connection.Send("ok");
                    break;
                case "error":
                    connection.Send("ok");
                    throw new AgeException($"age plugin '{_plugin}' could not wrap the file key: {Encoding.UTF8.GetString(command.Body)}");
                case "done":
                    return stanzas.Count > 0 ? stanzas : throw new AgeException($"age plugin '{_plugin}' returned no stanza for the recipient");
                default:
                    AgePluginUi.Answer(connection, command, _plugin);
                    break;
            }
        }
    }
}
