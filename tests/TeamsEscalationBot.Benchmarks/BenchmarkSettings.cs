using System.Globalization;

namespace TeamsEscalationBot.Benchmarks;

internal sealed record BenchmarkSettings(IReadOnlyList<string> Scenarios, TimeSpan Warmup, TimeSpan Duration, IReadOnlyList<int> Concurrencies)
{
    /// <summary>The drain scenario: complaints submitted (<c>--complaints</c>).</summary>
    public int Complaints { get; init; } = 5000;

    /// <summary>The drain scenario: <c>Bot:TenantRequestsPerSecond</c> and the fake's app budget (<c>--budget</c>).</summary>
    public int Budget { get; init; } = 50;

    /// <summary>The drain scenario: host settings to override, <c>--set Key=Value</c> (repeatable), e.g. <c>--set Bot:MaxRetries=0</c>.</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>inbound-side-by-side: load both sides through <see cref="HttpClient"/> instead of the lean keep-alive client (<c>--http-client</c>).</summary>
    public bool UseHttpClient { get; init; }

    /// <summary>Where scenarios that write result files (JSON + Markdown) put them (<c>--out</c>).</summary>
    public string OutputDirectory { get; init; } = Path.GetFullPath(Path.Combine("artifacts", "benchmarks"));

    public static BenchmarkSettings Parse(string[] args)
    {
        var scenarios = new List<string>();
        var seconds = 10.0;
        int[] concurrencies = [1, 8, 32];
        var complaints = 5000;
        var budget = 50;
        var output = Path.Combine("artifacts", "benchmarks");
        var host = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var httpClient = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrencies = [.. args[++i].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
                    break;
                case "--complaints":
                    complaints = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--budget":
                    budget = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--set":
                    var pair = args[++i].Split('=', 2);
                    host[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
                    break;
                case "--http-client":
                    httpClient = true;
                    break;
                case "--out":
                    output = args[++i];
                    break;
                default:
                    scenarios.Add(args[i]);
                    break;
            }
        }

        // Resolved against the working directory the program was started from (Program.cs moves it afterwards).
        return new BenchmarkSettings(scenarios, TimeSpan.FromSeconds(Math.Min(3, seconds / 3)), TimeSpan.FromSeconds(seconds), concurrencies)
        {
            Complaints = Math.Max(1, complaints),
            Budget = Math.Max(1, budget),
            OutputDirectory = Path.GetFullPath(output),
            HostSettings = host,
            UseHttpClient = httpClient,
        };
    }
}
