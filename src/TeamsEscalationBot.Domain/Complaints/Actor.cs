namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>Who did something: for users the Entra object id, for the API the source name.</summary>
public sealed record Actor(string Id, string DisplayName, ActorKind Kind)
{
    /// <summary>The bot itself, for events it records on its own (card delivery, relay).</summary>
    public static Actor Service { get; } = new("system", "TeamsEscalationBot", ActorKind.System);

    internal Person ToPerson() => new(Id, DisplayName);
}
