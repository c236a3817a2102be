using System.Diagnostics;
using System.Reflection;
using System.Text;
using ExactLip.Tests.Import;

namespace ExactLip.Tests.Cli;

/// <summary>What a finished run of the real program left behind.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>
/// The exactlip program run as a child process (<c>dotnet exactlip.dll ...</c>, or the native
/// executable named by <c>EXACTLIP_EXECUTABLE</c>, as scripts/test.sh does with the published
/// dist/exactlip) with standard input closed and both outputs captured, so the tests see exactly
/// what a user or a script sees: exit code, text, files. A run that outlives
/// <see cref="Patience"/> is killed, so a hung program fails its test instead of hanging the suite.
/// </summary>
public sealed class ExactLipProcess : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>The variable that names a native exactlip to run instead of exactlip.dll.</summary>
    public const string ExecutableVariable = "EXACTLIP_EXECUTABLE";

    private static readonly Lazy<string[]> Command = new(FindCommand);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _stderrLine = new(0);
    private readonly object _gate = new();

    private ExactLipProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // A process started with SIGINT ignored (a background job of a script) passes that on,
        // and the runtime then never sees Ctrl-C; env puts the default back for the child.
        var resetInterrupt = InterruptIgnoredHere();
        var command = Command.Value;
        var start = new ProcessStartInfo(resetInterrupt ? "env" : command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (resetInterrupt)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add(command[0]);
        }

        foreach (var part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The stack-trace switch would change the very output under test.
        start.Environment.Remove("EXACTLIP_DEBUG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data, signal: false);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data, signal: true);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Runs to the end and returns what the program printed.</summary>
    public static CliResult Run(params string[] args)
    {
        using var p = Start(args);
        return p.WaitForExit(Patience);
    }

    /// <summary>Runs to the end with extra environment variables.</summary>
    public static CliResult Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = new ExactLipProcess(args, environment);
        return p.WaitForExit(Patience);
    }

    public static ExactLipProcess Start(IEnumerable<string> args) => new(args);

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until a line on standard error satisfies the predicate; false if the process ended or time ran out first.</summary>
    public bool WaitForStderrLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stderr.Split('\n').Any(predicate))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
            {
                if (!_process.HasExited)
                {
                    return false;
                }

                // After the exit the readers may still deliver the last lines; this waits for them.
                _process.WaitForExit();
                return Stderr.Split('\n').Any(predicate);
            }

            // Woken by each new line; the cap only bounds how late an exit is noticed.
            _stderrLine.Wait(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
        }

        return true;
    }

    /// <summary>Sends SIGINT, what Ctrl-C on a terminal sends.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT {Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Sends SIGKILL, which no program can catch (a crash, an out-of-memory kill), and waits for the end.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for the end (killing the process on overrun, which fails the caller's test).</summary>
    public CliResult WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            throw new TimeoutException($"exactlip did not finish within {timeout.TotalSeconds} s and was killed. Standard error so far:\n{Stderr}");
        }

        // The timed wait can return before the asynchronous readers have drained the pipes.
        _process.WaitForExit();
        lock (_gate)
        {
            return new CliResult(_process.ExitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _stderrLine.Dispose();
    }

    private void Append(StringBuilder target, string? line, bool signal)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }

        if (signal)
        {
            _stderrLine.Release();
        }
    }

    private static bool InterruptIgnoredHere()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) : null;
        const ulong sigint = 1UL << (2 - 1);
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            && (mask & sigint) != 0;
    }

    /// <summary>The same dotnet host that runs the tests, so the child sees the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// The program and its leading arguments: the executable named by <see cref="ExecutableVariable"/>
    /// when set (it must exist: a wrong name fails every test instead of quietly testing the dll),
    /// else the same dotnet host that runs the tests with exactlip.dll.
    /// </summary>
    private static string[] FindCommand()
    {
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } executable)
        {
            return File.Exists(executable)
                ? [Path.GetFullPath(executable)]
                : throw new InvalidOperationException($"{ExecutableVariable} names {executable}, which does not exist.");
        }

        return [DotnetHost(), FindDll()];
    }

    /// <summary>
    /// exactlip.dll as built for this test run: copied next to the test assembly by the project
    /// reference, or else in the CLI project's own output folder of the same configuration.
    /// </summary>
    private static string FindDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "exactlip.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "exactlip.runtimeconfig.json")))
        {
            return beside;
        }

        var configuration = typeof(ExactLipProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var built = Fixtures.Path($"src/ExactLip.Cli/bin/{configuration}/net10.0/exactlip.dll");
        return File.Exists(built)
            ? built
            : throw new InvalidOperationException($"exactlip.dll is neither beside the tests ({beside}) nor at {built}; build ExactLip.sln first.");
    }
}
