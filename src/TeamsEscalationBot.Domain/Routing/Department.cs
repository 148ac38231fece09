namespace TeamsEscalationBot.Domain.Routing;

/// <summary>A department complaints are routed to, as configured under <c>Departments</c>.</summary>
public sealed record Department
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The Teams team whose channel receives the cards.</summary>
    public required string TeamId { get; init; }

    /// <summary>The channel the cards are posted in.</summary>
    public required string ChannelId { get; init; }

    /// <summary>The Entra group whose members may act on the cards.</summary>
    public required string EntraGroupId { get; init; }

    /// <summary>Words or phrases that route a complaint here when its text contains them as whole words.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Categories (from intake) that route a complaint here.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Entra object ids of the department's leads (optional).</summary>
    public IReadOnlyList<string> LeadUserIds { get; init; } = [];
}
