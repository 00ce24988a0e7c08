using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using SecretsKit.Core.KeyService;
using SecretsKit.Core.Keys;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// The key service (Kestrel, in <c>secretskit-keyservice</c>) with .NET's HttpClient as a second, independent client (node's
/// grpc-js is the first, <see cref="KeyServiceServerTests"/>): a payload near the key service's 64 KiB message limit both
/// ways, the limit itself, and protocol abuse over a raw socket, each ending in GOAWAY while the server goes on serving.
/// </summary>
public sealed class KeyServiceHttpClientTests
{
    /// <summary>The key service's message limit (its messages are a few KiB).</summary>
    private const int MaxMessageBytes = 64 * 1024;

    private static Task<KeyServiceServerProcess> StartAsync() =>
        KeyServiceServerProcess.StartAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });

    private static HttpClient H2cClient() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static async Task<(string Status, byte[] Message)> CallAsync(HttpClient client, KeyServiceServerProcess server, string method, byte[] message)
    {
        using var content = new ByteArrayContent(GrpcFrame.Wrap(message));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var response = await client.PostAsync($"http://{server.GrpcTarget}/KeyService/{method}", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(2, 0), response.Version);
        var body = await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.Single()
            : response.Headers.GetValues("grpc-status").Single(); // a "trailers-only" answer
        return (status, body.Length == 0 ? [] : GrpcFrame.Unwrap(body).ToArray());
    }

    private static MasterKeyEntry AgeKey() => new("age", new Dictionary<string, string> { ["recipient"] = TestKeys.AgeRecipient });

    [Fact]
    public async Task HttpClient_round_trips_a_payload_near_the_message_limit_both_ways()
    {
        await using var server = await StartAsync();
        using var client = H2cClient();
        var data = RandomNumberGenerator.GetBytes(40 * 1024); // its armored age text is ~54 KiB, more than one HTTP/2 default window
        var (status, encrypted) = await CallAsync(client, server, "Encrypt", KeyServiceCodec.EncodeRequest(AgeKey(), data));
        Assert.True(status == "0", server.Stderr);
        var ciphertext = KeyServiceCodec.DecodeResponse(encrypted);
        Assert.True(ciphertext.Length > 50 * 1024);
        var (again, decrypted) = await CallAsync(client, server, "Decrypt", KeyServiceCodec.EncodeRequest(AgeKey(), ciphertext));
        Assert.Equal("0", again);
        Assert.Equal(data, KeyServiceCodec.DecodeResponse(decrypted));
    }

    [Fact]
    public async Task A_message_over_64_KiB_is_refused_as_resource_exhausted_and_the_connection_goes_on()
    {
        await using var server = await StartAsync();
        using var client = H2cClient();
        var (status, _) = await CallAsync(client, server, "Encrypt", new byte[MaxMessageBytes + 1]);
        Assert.Equal("8", status);
        var (ok, _) = await CallAsync(client, server, "Encrypt", KeyServiceCodec.EncodeRequest(AgeKey(), [1, 2, 3]));
        Assert.Equal("0", ok);
    }

    [Theory]
    [InlineData("oversized-frame", 0x6u)]
    [InlineData("continuation-flood", 0x9u)] // Kestrel: COMPRESSION_ERROR, the header block is past its limits
    [InlineData("data-on-idle-stream", 0x1u)]
    public async Task Protocol_abuse_ends_that_connection_with_goaway_and_the_server_keeps_serving(string abuse, uint expected)
    {
        await using var server = await StartAsync();
        using (var socket = await ConnectAsync(server))
        await using (var stream = new NetworkStream(socket))
        {
            await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
            await stream.WriteAsync(Frame(0x4, 0, 0, [])); // empty SETTINGS
            switch (abuse)
            {
                case "oversized-frame":
                    await stream.WriteAsync(Frame(0x0, 0, 1, new byte[20_000]));
                    break;
                case "continuation-flood":
                    await stream.WriteAsync(Frame(0x1, 0, 1, [0x82])); // HEADERS without END_HEADERS
                    for (var i = 0; i < 8; i++) await stream.WriteAsync(Frame(0x9, 0, 1, new byte[16_000]));
                    break;
                default:
                    await stream.WriteAsync(Frame(0x0, 0, 7, [1, 2, 3]));
                    break;
            }
            Assert.Equal(expected, await ReadGoAwayAsync(stream));
        }
        using var client = H2cClient();
        var (ok, _) = await CallAsync(client, server, "Encrypt", KeyServiceCodec.EncodeRequest(AgeKey(), [1, 2, 3]));
        Assert.Equal("0", ok);
    }

    [Fact]
    public async Task A_connection_that_is_not_http2_is_closed()
    {
        await using var server = await StartAsync();
        using var socket = await ConnectAsync(server);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await stream.ReadAsync(buffer, timeout.Token) > 0)
        {
            // the server may send its SETTINGS or GOAWAY first; what matters is that it closes
        }
    }

    private static async Task<Socket> ConnectAsync(KeyServiceServerProcess server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPEndPoint.Parse(server.GrpcTarget));
        return socket;
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>Reads frames until GOAWAY and returns its error code; fails if the connection ends without one.</summary>
    private static async Task<uint> ReadGoAwayAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var header = new byte[9];
        while (true)
        {
            await stream.ReadExactlyAsync(header, timeout.Token);
            var length = header[0] << 16 | header[1] << 8 | header[2];
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, timeout.Token);
            if (header[3] == 0x7) return BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4));
        }
    }
}
