using System.Globalization;
using TeamsEscalationBot.Benchmarks;

// Usage: dotnet run -c Release --project tests/TeamsEscalationBot.Benchmarks -- [scenario ...] [--seconds N] [--concurrency 1,8,32]
//        [--complaints N] [--budget N] [--out DIR]
// Scenarios: messages, intake, storage (storage-sqlite: its SQLite half), card-actions, limiter, reports, escalation,
// inbound-side-by-side (default: all of these), and the longer drain runs (only when named): drain (SQLite, then two
// instances on Azurite), drain-sqlite, drain-azure. Every run is bounded.
var settings = BenchmarkSettings.Parse(args);

// WebApplicationFactory finds the host's content root through a manifest next to this program.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);
var scenarios = new Dictionary<string, Func<BenchmarkSettings, Task<IReadOnlyList<LoadResult>>>>(StringComparer.OrdinalIgnoreCase)
{
    ["messages"] = MessagesBenchmark.RunAsync,
    ["intake"] = IntakeBenchmark.RunAsync,
    ["storage"] = StorageBenchmark.RunAsync,
    ["storage-sqlite"] = StorageBenchmark.RunSqliteAsync,
    ["card-actions"] = CardActionsBenchmark.RunAsync,
    ["limiter"] = LimiterBenchmark.RunAsync,
    ["reports"] = ReportsBenchmark.RunAsync,
    ["inbound-side-by-side"] = InboundSideBySideBenchmark.RunAsync,
    ["escalation"] = EscalationBenchmark.RunAsync,
    ["drain"] = DrainBenchmark.RunBothAsync,
    ["drain-sqlite"] = DrainBenchmark.RunSqliteAsync,
    ["drain-azure"] = DrainBenchmark.RunAzureAsync,
};

// "storage-sqlite" is the first half of "storage", and the drain runs take minutes: left out of a run of everything.
var selected = settings.Scenarios.Count == 0
    ? [.. scenarios.Keys.Where(k => k != "storage-sqlite" && !k.StartsWith("drain", StringComparison.Ordinal))]
    : settings.Scenarios;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# TeamsEscalationBot benchmarks — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {settings.Duration.TotalSeconds:F0} s per measurement after {settings.Warmup.TotalSeconds:F0} s warm-up"));
foreach (var name in selected)
{
    if (!scenarios.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown scenario '{name}'. Known: {string.Join(", ", scenarios.Keys)}");
        return 2;
    }

    // The heading first: a scenario may print notes (what it measures, a search result) above its table.
    Console.WriteLine($"\n## {name}");
    var results = await run(settings);
    Console.WriteLine(LoadResult.Header);
    foreach (var result in results)
    {
        Console.WriteLine(result.ToRow());
    }
}

return 0;
