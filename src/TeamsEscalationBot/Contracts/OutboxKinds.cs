namespace TeamsEscalationBot.Contracts;

/// <summary>The kinds of durable work about a complaint; each has one <see cref="Storage.IOutboxHandler"/>.</summary>
internal static class OutboxKinds
{
    /// <summary>Post the complaint's card as a new thread in its department's channel.</summary>
    public const string PostCard = "post-card";

    /// <summary>Replace the channel card with the current state (everyone's base view).</summary>
    public const string UpdateCard = "update-card";

    /// <summary>An audit line in the complaint's channel thread.</summary>
    public const string ThreadReply = "thread-reply";

    /// <summary>Bring the agreed answer to the requesting community manager.</summary>
    public const string Relay = "relay";

    /// <summary>The department took its answer back after it was delivered: the delivered relay cards say so.</summary>
    public const string RelayWithdrawn = "relay-withdrawn";

    /// <summary>POST the answer and final state to the social tool's callback URL.</summary>
    public const string Callback = "callback";

    /// <summary>A Teams activity-feed notice to one person through Microsoft Graph (assigned, overdue, answer ready).</summary>
    public const string ActivityNotice = "activity-notice";

    /// <summary>A service-level reminder or breach in the complaint's channel thread, @mentioning who it is for.</summary>
    public const string EscalationReply = "escalation-reply";

    /// <summary>A service-level escalation card in one person's 1:1 chat (a lead at breach, an executive at the second level).</summary>
    public const string EscalationCard = "escalation-card";
}
