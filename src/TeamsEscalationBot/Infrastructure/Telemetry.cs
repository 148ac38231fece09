using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TeamsEscalationBot.Infrastructure;

/// <summary>The service's own trace source and meter: what an operator watches besides HTTP.</summary>
internal static class Telemetry
{
    public const string SourceName = "TeamsEscalationBot";
    public const string MeterName = "TeamsEscalationBot";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Complaints accepted, by source, department and routing rule.</summary>
    public static readonly Counter<long> ComplaintsReceived =
        Meter.CreateCounter<long>("escalations.complaints.received", description: "Complaints accepted by intake (API or Teams).");

    /// <summary>Reputation crises opened, by what their complaints share (keywords, category, department).</summary>
    public static readonly Counter<long> CrisesOpened =
        Meter.CreateCounter<long>("escalations.crises.opened", description: "Reputation crises opened by the detector.");

    /// <summary>Outbox items finished, by kind and outcome (done, retry, failed).</summary>
    public static readonly Counter<long> OutboxItems =
        Meter.CreateCounter<long>("escalations.outbox.items", description: "Outbox attempts by kind and outcome.");

    /// <summary>How long one outbox attempt took, by kind.</summary>
    public static readonly Histogram<double> OutboxDuration =
        Meter.CreateHistogram<double>("escalations.outbox.duration", unit: "ms", description: "Duration of one outbox attempt.");
}
