using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Reports;

/// <summary>A complaint still open at the end of the period, as the reports list it.</summary>
public sealed record OpenComplaintLine
{
    public required string Id { get; init; }

    /// <summary>The department that held it at the end of the period.</summary>
    public required string DepartmentId { get; init; }

    public required string DepartmentName { get; init; }

    public required string Gist { get; init; }

    public Priority Priority { get; init; }

    public ComplaintState State { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>How long it had been waiting at the end of the period.</summary>
    public TimeSpan Age { get; init; }

    /// <summary>How long it had been overdue at the end of the period; null when it was not overdue (or nothing says).</summary>
    public TimeSpan? OverdueBy { get; init; }

    public CardLink? Card { get; init; }
}
