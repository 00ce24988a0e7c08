using System.Net.Sockets;
using System.Runtime.InteropServices;
using SecretsKit.Cli.Infrastructure.KeyService.Http2;
using SecretsKit.Core.Errors;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Infrastructure.KeyService;

/// <summary>
/// Serves a <see cref="KeyServiceDispatcher"/> as sops's gRPC key service: HTTP/2 without TLS (as sops's server,
/// <see cref="Http2Connection"/>), on TCP or a unix socket (made owner-only), until SIGINT/SIGTERM; then every connection
/// gets GOAWAY, open calls finish, and the socket is removed. No web framework is linked in: it would cost every other
/// command of the native CLI start-up time (bench/README.md, "post-quantum").
/// </summary>
internal static class KeyServiceHost
{
    public static async Task RunAsync(KeyServiceListenAddress address, KeyServiceDispatcher dispatcher, Action<string> log)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            log($"Caught signal {signal.Signal}: shutting down.");
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        if (address.Network == "unix") CheckFree(address.SocketPath);
        using var listener = Listen(address);
        try
        {
            log($"Listening on {(address.Endpoint is null ? Describe(address) : "tcp://" + listener.LocalEndPoint)}");
            await AcceptAsync(listener, dispatcher, log, stop.Token);
        }
        finally
        {
            if (address.Network == "unix") File.Delete(address.SocketPath);
        }
    }

    private static Socket Listen(KeyServiceListenAddress address)
    {
        var socket = address.Endpoint is { } endpoint
            ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (address.Endpoint is { } tcp) socket.Bind(tcp);
            else
            {
                socket.Bind(new UnixDomainSocketEndPoint(address.SocketPath));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(address.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            socket.Listen(128);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SecretsKitException(ExitCodes.Generic, $"cannot listen on {Describe(address)}: {e.Message}");
        }
    }

    private static async Task AcceptAsync(Socket listener, KeyServiceDispatcher dispatcher, Action<string> log, CancellationToken stop)
    {
        var connections = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (client.AddressFamily != AddressFamily.Unix) client.NoDelay = true;
            connections.RemoveAll(t => t.IsCompleted);
            connections.Add(Task.Run(async () =>
            {
                using var connection = new Http2Connection(new NetworkStream(client, ownsSocket: true),
                    (request, cancellationToken) => GrpcCall.HandleAsync(request, dispatcher, log, cancellationToken),
                    GrpcFrame.MaxMessageBytes + 5, GrpcCall.TooLarge);
                await connection.RunAsync(stop);
            }, CancellationToken.None));
        }
        await Task.WhenAll(connections);
    }

    private static string Describe(KeyServiceListenAddress address) =>
        address.Endpoint is { } e ? $"tcp://{e}" : $"unix://{address.SocketPath}";

    /// <summary>Like sops (net.Listen), an existing path is not replaced: it may be a live key service or not a socket at all.</summary>
    private static void CheckFree(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var live = false;
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            live = true;
        }
        catch (SocketException)
        {
            // not listening: a socket left by a killed server, or another file
        }
        throw new SecretsKitException(ExitCodes.Generic, live
            ? $"cannot listen on unix://{path}: another key service is listening there"
            : $"cannot listen on unix://{path}: the path exists",
            live ? null : "if it is a socket left by a stopped key service, remove it");
    }
}
