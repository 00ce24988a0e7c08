using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SecretsKit.Testing.Vault.Events;

/// <summary>
/// The server side of an RFC 6455 opening handshake on a bare Kestrel request (the fakes' host runs no WebSocket
/// middleware): checks the request as a strict server does and switches protocols.
/// </summary>
internal static class WebSocketHandshake
{
    private const string Magic = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Why the request is no WebSocket opening handshake, with the status a server answers (426 or 400); null when it is one.</summary>
    public static (int Status, string Error)? Check(HttpContext context)
    {
        var headers = context.Request.Headers;
        var upgradable = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
        if (!upgradable
            || !headers.Connection.ToString().Split(',').Any(t => t.Trim().Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            || !headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase))
        {
            return (426, "WebSocket protocol violation: Connection header \"Upgrade\" and Upgrade header \"websocket\" required");
        }
        if (headers.SecWebSocketVersion.ToString() != "13") return (400, "unsupported WebSocket protocol version (only 13 is supported)");
        if (!IsValidKey(headers.SecWebSocketKey.ToString())) return (400, "invalid WebSocket key");
        return null;
    }

    /// <summary>Answers 101 with the accept hash and returns the server end of the WebSocket.</summary>
    public static async Task<WebSocket> AcceptAsync(HttpContext context)
    {
        var key = context.Request.Headers.SecWebSocketKey.ToString();
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the accept hash; it proves nothing about security
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Magic)));
#pragma warning restore CA5350
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        var stream = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
    }

    private static bool IsValidKey(string key)
    {
        var bytes = new byte[24];
        return Convert.TryFromBase64String(key, bytes, out var n) && n == 16;
    }
}
