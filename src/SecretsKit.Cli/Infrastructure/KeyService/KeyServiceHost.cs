using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecretsKit.Core.Errors;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Infrastructure.KeyService;

/// <summary>
/// Serves a <see cref="KeyServiceDispatcher"/> as sops's gRPC key service on Kestrel: HTTP/2 without TLS (as sops's
/// server), on TCP or a unix socket (made owner-only), until SIGINT/SIGTERM, then removes the socket.
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
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = GrpcFrame.MaxMessageBytes + 5;
            if (address.Endpoint is { } endpoint) kestrel.Listen(endpoint, o => o.Protocols = HttpProtocols.Http2);
            else kestrel.ListenUnixSocket(address.SocketPath, o => o.Protocols = HttpProtocols.Http2);
        });
        await using var app = builder.Build();
        app.Run(http => KeyServiceRequestHandler.HandleAsync(http, dispatcher, log));
        try
        {
            await app.StartAsync(stop.Token);
        }
        catch (IOException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot listen on {Describe(address)}: {e.Message}");
        }
        try
        {
            if (address.Network == "unix" && !OperatingSystem.IsWindows()) File.SetUnixFileMode(address.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            log($"Listening on {(address.Endpoint is null ? Describe(address) : "tcp://" + new Uri(bound ?? "http://" + address.Endpoint).Authority)}");
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await app.StopAsync(CancellationToken.None);
        }
        finally
        {
            if (address.Network == "unix") File.Delete(address.SocketPath);
        }
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
