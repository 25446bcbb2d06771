using System.Diagnostics;

namespace WechatLeads.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process on a loopback port — the one kind of instance a test can kill
/// outright (SIGKILL), with no shutdown hooks, no graceful job abort, nothing flushed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var port = WechatLeadsFactory.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        // The server's build output is copied next to the tests (project reference), config/ included.
        var start = new ProcessStartInfo("dotnet", "WechatLeads.Server.dll")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { }; // drained, so a chatty server never blocks on a full pipe
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"The server process exited with {process.ExitCode}.");
            try { return (await http.GetAsync(baseUrl + "/ping")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, "the server process to answer /ping");
        return new ServerProcess(process, baseUrl);
    }

    /// <summary>
    /// SIGTERM, as an orchestrator's rolling deploy sends it: the host stops accepting, finishes what it holds and exits.
    /// Returns the exit code, or null when the process was still running after <paramref name="patience"/>.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan patience)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: the process stops between two instructions.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The system clock moved by a fixed offset: a host that lives later than the others.</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
