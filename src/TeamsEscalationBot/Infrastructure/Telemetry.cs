using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TeamsEscalationBot.Infrastructure;

/// <summary>The service's own trace source and meter.</summary>
internal static class Telemetry
{
    public const string SourceName = "TeamsEscalationBot";
    public const string MeterName = "TeamsEscalationBot";

    public static readonly ActivitySource Source = new(SourceName);
}
