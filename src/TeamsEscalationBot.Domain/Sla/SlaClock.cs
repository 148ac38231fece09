using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// A started clock with the terms it started with: the policy in force when it starts applies for its whole life,
/// so a clock is evaluated from this record alone, never from the current policy. Plain data; store it as is (a
/// complaint has one per clock start, oldest first; see <see cref="SlaClocks"/>).
/// </summary>
public sealed record SlaClock
{
    /// <summary>The department the clock runs for.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>When it started: the complaint was received, reassigned into the department, or reopened after closing.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The terms it runs on, or null when no policy gave targets at the start (no clock).</summary>
    public SlaTerms? Terms { get; init; }

    /// <summary>Starts a clock with the terms <paramref name="policies"/> give now for the department and priority.</summary>
    public static SlaClock Start(string departmentId, Priority priority, DateTimeOffset startedAt, SlaPolicySet policies)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        ArgumentNullException.ThrowIfNull(policies);
        return new SlaClock
        {
            DepartmentId = departmentId,
            StartedAt = startedAt,
            Terms = policies.Resolve(departmentId, priority),
        };
    }
}
