namespace TeamsEscalationBot.Domain.Complaints;

public enum ActorKind
{
    /// <summary>A department member acting from the channel card.</summary>
    User,

    /// <summary>The community manager who asked (the requester).</summary>
    CommunityManager,

    /// <summary>The bot itself (card delivery, relay, jobs).</summary>
    System,

    /// <summary>A social-listening tool calling the intake API.</summary>
    Api,
}
