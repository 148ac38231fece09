using System.Diagnostics;

namespace TeamsEscalationBot.TestHarness.Processes;

/// <summary>
/// A child process of a test whose stdout and stderr go, line by line, to a log file that outlives it. Disposing kills
/// its whole process tree and waits for it, bounded.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _sync = new();
    private readonly List<string> _lines = [];
    private bool _closed;

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        LogPath = logPath;
        _process = process;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
    }

    public string Name { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The CPU time (user and kernel) the process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <paramref name="fileName"/>; <c>null</c> values in <paramref name="environment"/> remove inherited variables.</summary>
    public static ChildProcess Start(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, string logPath)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var child = new ChildProcess(name, new Process { StartInfo = start }, logPath);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string Tail(int count = 40)
    {
        lock (_sync)
        {
            return $"--- {Name} (exited: {_process.HasExited}; full output in {LogPath}) ---{Environment.NewLine}" +
                string.Join(Environment.NewLine, _lines.TakeLast(count));
        }
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, so a server can save its state), waits for it (bounded by
    /// <paramref name="grace"/>), then kills what is left. True when it stopped by itself.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return true;
        }

        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return false;
        }
    }

    /// <summary>
    /// Kills the process and its children at once (SIGKILL on Unix: no code of theirs runs after it, nothing is
    /// flushed or released) and waits for it, bounded.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var wait = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or still exiting after the bound: nothing more a test can do about it.
        }
        finally
        {
            _process.Dispose();
            lock (_sync)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_sync)
        {
            _lines.Add(line);
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
