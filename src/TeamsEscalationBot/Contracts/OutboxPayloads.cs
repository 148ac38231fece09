namespace TeamsEscalationBot.Contracts;

/// <summary>
/// Payloads of the outbox kinds in <see cref="OutboxKinds"/> (serialized as JSON, camelCase). Several features add
/// these items after a transition, in the same durable write as the complaint; one handler per kind performs them.
/// </summary>
internal static class OutboxPayloads
{
    /// <summary>
    /// <see cref="OutboxKinds.UpdateCard"/>: replace the channel card of <paramref name="DepartmentId"/>'s channel with the
    /// current state (null: the complaint's current card). After a reassign the old department's card is updated once
    /// to say where the complaint went.
    /// </summary>
    public sealed record UpdateCard(string? DepartmentId = null);

    /// <summary>
    /// <see cref="OutboxKinds.ThreadReply"/>: post the audit line of the history entry at <paramref name="Version"/>
    /// (1-based: the entry that made the complaint that version) into the complaint's channel thread; when
    /// <paramref name="MentionOwner"/>, @mention the owner (a send-back must reach the claimant).
    /// </summary>
    public sealed record ThreadReply(long Version, bool MentionOwner = false);

    /// <summary><see cref="OutboxKinds.Relay"/>: bring the agreed answer (as of <paramref name="Version"/>) to the requesting CM.</summary>
    public sealed record Relay(long Version);

    /// <summary><see cref="OutboxKinds.Callback"/>: POST the complaint's answer and state as of <paramref name="Version"/> to its callback URL.</summary>
    public sealed record Callback(long Version);

    /// <summary>
    /// <see cref="OutboxKinds.ActivityNotice"/>: tell <paramref name="UserAadObjectId"/> in their Teams activity feed, with
    /// one of the manifest's activity types (<c>complaintAssigned</c>, <c>complaintOverdue</c>, <c>answerReady</c>) about
    /// the complaint as of <paramref name="Version"/>.
    /// </summary>
    public sealed record ActivityNotice(string UserAadObjectId, string ActivityType, long Version);

    /// <summary>
    /// <see cref="OutboxKinds.EscalationReply"/>: post the reminder or breach recorded by the history entry at
    /// <paramref name="Version"/> (an <c>Escalated</c> event) into the complaint's channel thread, @mentioning who it names.
    /// </summary>
    public sealed record EscalationReply(long Version);

    /// <summary>
    /// <see cref="OutboxKinds.EscalationCard"/>: bring the escalation step recorded by the history entry at
    /// <paramref name="Version"/> to <paramref name="UserAadObjectId"/> in their 1:1 chat with the bot.
    /// </summary>
    public sealed record EscalationCard(long Version, string UserAadObjectId);
}
