namespace TeamsEscalationBot.Domain.Crises;

/// <summary>A crisis is raised when at least <see cref="Complaints"/> related complaints arrive within <see cref="Window"/>.</summary>
public sealed record CrisisThreshold
{
    public int Complaints { get; init; } = 8;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(30);
}
