using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>Where a complaint's relay stands, read from its state and history: what makes relay work idempotent.</summary>
internal static class RelayProgress
{
    /// <summary>The version (1-based history position) of the latest Resolved event: the answer now on the table; null when none.</summary>
    public static long? AnswerVersion(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        for (var i = complaint.History.Count - 1; i >= 0; i--)
        {
            if (complaint.History[i].Kind == ComplaintEventKind.Resolved)
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>
    /// True when something made at <paramref name="version"/> (a relay item, a relay card) is about the answer on the
    /// table: no answer was resolved after it. A null version (unreadable payload) means the latest answer.
    /// </summary>
    public static bool IsCurrentAnswer(Complaint complaint, long? version) =>
        AnswerVersion(complaint) is { } answer && (version is null || answer <= version);

    /// <summary>
    /// True when a relay card that carries <paramref name="version"/> shows the answer on the table: exactly its version
    /// (the card carries the version of the answer it shows), neither an earlier answer's nor a later number.
    /// </summary>
    public static bool IsAnswerOnCard(Complaint complaint, long version) => AnswerVersion(complaint) == version;

    /// <summary>
    /// A <c>relay</c> item still has work: the complaint waits in Answered with this answer, and neither a delivery nor a
    /// final failure has been recorded for it (Delivered, Failed), nor did the CM or the department decide meanwhile.
    /// </summary>
    public static bool AwaitsDelivery(Complaint complaint, long? version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.State == ComplaintState.Answered && complaint.Relay == RelayStatus.Pending && IsCurrentAnswer(complaint, version);
    }

    /// <summary>
    /// A copy for one listed community manager still has work: the answer is still waiting for a decision. Another
    /// copy may already have been delivered (Delivered) or have failed (Failed); each copy goes to its own person.
    /// </summary>
    public static bool AwaitsCopy(Complaint complaint, long version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.State == ComplaintState.Answered
            && complaint.Relay is RelayStatus.Pending or RelayStatus.Delivered or RelayStatus.Failed
            && IsCurrentAnswer(complaint, version);
    }
}
