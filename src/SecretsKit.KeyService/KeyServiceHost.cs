using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SecretsKit.Core.Errors;
using SecretsKit.Core.KeyService;

namespace SecretsKit.KeyService;

/// <summary>
/// Serves a <see cref="KeyServiceDispatcher"/> as sops's gRPC key service on Kestrel: HTTP/2 without TLS (as sops's server),
/// on TCP or a unix socket (made owner-only), within <see cref="KeyServiceLimits"/>, until SIGINT/SIGTERM. Then calls in
/// progress get <see cref="KeyServiceLimits.ShutdownGrace"/>, connections are aborted, and whatever is still stuck, the
/// unix socket is removed and the process ends by <see cref="KeyServiceLimits.ShutdownDeadline"/>.
/// </summary>
internal static class KeyServiceHost
{
    public static async Task RunAsync(KeyServiceListenAddress address, KeyServiceDispatcher dispatcher, KeyServiceLog log)
    {
        if (address.Network == "unix") UnixSocketFile.CheckFree(address.SocketPath);
        var listening = new StrongBox<ListenOptions?>();
        var app = Build(address, dispatcher, log, listening);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            if (stop.IsCancellationRequested) return;
            log.Write($"Caught signal {signal.Signal}: shutting down.");
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await StartAsync(app, address);
            PoolWarmUp.Run(TimeSpan.FromSeconds(5));
            if (address.Network == "unix" && !OperatingSystem.IsWindows()) File.SetUnixFileMode(address.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            log.Write($"Listening on {(address.Endpoint is null ? $"unix://{address.SocketPath}" : $"tcp://{listening.Value!.IPEndPoint}")}");
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await StopAsync(app, address, log);
            await app.DisposeAsync();
        }
        finally
        {
            if (address.Network == "unix") UnixSocketFile.Remove(address.SocketPath);
        }
    }

    /// <summary>The Kestrel application within <see cref="KeyServiceLimits"/>; <paramref name="listening"/> gets the listener once Kestrel is configured.</summary>
    private static WebApplication Build(KeyServiceListenAddress address, KeyServiceDispatcher dispatcher, KeyServiceLog log, StrongBox<ListenOptions?> listening)
    {
        var descriptors = DescriptorLimit.RaiseAndRead();
        var gate = new WorkGate(
            KeyServiceLimits.RunningCalls, KeyServiceLimits.StreamsPerConnection, KeyServiceLimits.ReservedCallsPerConnection, KeyServiceLimits.WaitingCalls);
        var resets = new ResetBudget(KeyServiceLimits.ResetsPerConnection);
        // The empty builder reads no configuration (no ASPNETCORE_* variable or appsettings file can add a listener).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = KeyServiceLimits.ShutdownGrace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KeyServiceLimits.Apply(kestrel.Limits, descriptors, DescriptorLimit.OpenNow());
            void Http2(ListenOptions options)
            {
                (listening.Value = options).Protocols = HttpProtocols.Http2;
                options.Use(PrefaceCheck.Check); // not HTTP/2: closed at once, without lingering
                options.Use(LingeringClose.Use);
                options.Use(resets.Track);
            }
            if (address.Endpoint is { } endpoint) kestrel.Listen(endpoint, Http2);
            else kestrel.ListenUnixSocket(address.SocketPath, Http2);
        });
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton<IConnectionListenerFactory, BackoffSocketListenerFactory>(); // failed accepts back off
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = KeyServiceLimits.MaxMessageBytes;
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(new KeyServiceCalls(dispatcher, gate, log));
        var app = builder.Build();
        app.Use(resets.CountAsync);
        app.Use(MessageLengthCheck.CheckAsync);
        app.UseRouting();
        app.MapGrpcService<KeyServiceCalls>();
        return app;
    }

    private static async Task StartAsync(WebApplication app, KeyServiceListenAddress address)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot listen on {Describe(address)}: {(e.InnerException ?? e).Message}");
        }
    }

    /// <summary>Kestrel's graceful stop (GOAWAY, calls in progress finish, then aborts), given up at the deadline.</summary>
    private static async Task StopAsync(WebApplication app, KeyServiceListenAddress address, KeyServiceLog log)
    {
        using var grace = new CancellationTokenSource(KeyServiceLimits.ShutdownGrace);
        var stopping = app.StopAsync(grace.Token);
        if (await Task.WhenAny(stopping, Task.Delay(KeyServiceLimits.ShutdownDeadline)) == stopping) return;
        log.Write($"connections still open {KeyServiceLimits.ShutdownDeadline.TotalSeconds:0} s after the signal: exiting without them.");
        if (address.Network == "unix") UnixSocketFile.Remove(address.SocketPath);
        Environment.Exit(0); // nothing stuck (a write to a client that does not read) may keep the process
    }

    private static string Describe(KeyServiceListenAddress address) =>
        address.Endpoint is { } e ? $"tcp://{e}" : $"unix://{address.SocketPath}";
}
