namespace TeamsEscalationBot.Domain.Reports;

/// <summary>The figures of one department, or of all of them, over a period. See docs/reports.md.</summary>
public sealed record ReportFigures
{
    /// <summary>Complaints received in the period.</summary>
    public int Received { get; init; }

    /// <summary>Complaints received before the period ended and not closed when it ended, whenever they were received.</summary>
    public int StillOpen { get; init; }

    /// <summary>Complaints claimed for the first time in the period.</summary>
    public int Claimed { get; init; }

    /// <summary>Complaints answered for the first time in the period.</summary>
    public int Answered { get; init; }

    /// <summary>Complaints closed in the period (and still closed).</summary>
    public int Closed { get; init; }

    /// <summary>Service-level targets missed in the period.</summary>
    public int Breached { get; init; }

    /// <summary>Of <see cref="Breached"/>, those of High or Critical complaints.</summary>
    public int HighPriorityBreached { get; init; }

    /// <summary>Median time from receipt to first claim of the complaints claimed in the period; null when none was.</summary>
    public TimeSpan? MedianTimeToClaim { get; init; }

    /// <summary>Median time from receipt to first answer of the complaints answered in the period; null when none was.</summary>
    public TimeSpan? MedianTimeToAnswer { get; init; }

    /// <summary>How long the oldest complaint still open at the end of the period had been waiting then; null when none was open.</summary>
    public TimeSpan? OldestOpenAge { get; init; }
}
