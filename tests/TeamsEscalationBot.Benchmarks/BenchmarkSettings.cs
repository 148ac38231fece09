using System.Globalization;

namespace TeamsEscalationBot.Benchmarks;

internal sealed record BenchmarkSettings(IReadOnlyList<string> Scenarios, TimeSpan Warmup, TimeSpan Duration, IReadOnlyList<int> Concurrencies)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var scenarios = new List<string>();
        var seconds = 10.0;
        int[] concurrencies = [1, 8, 32];
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
                default:
                    scenarios.Add(args[i]);
                    break;
            }
        }

        return new BenchmarkSettings(scenarios, TimeSpan.FromSeconds(Math.Min(3, seconds / 3)), TimeSpan.FromSeconds(seconds), concurrencies);
    }
}
