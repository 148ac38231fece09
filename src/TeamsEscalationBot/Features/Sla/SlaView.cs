using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// A complaint's service level as the intake API shows it (<c>sla</c>): the policy its current clock started with
/// (null: no policy gave targets), when claiming and answering are due, the band now (<c>onTrack</c>, <c>dueSoon</c>,
/// <c>overdue</c>, <c>met</c>, <c>paused</c>, <c>noClock</c>) and when every missed target fell due, oldest first.
/// <see cref="AnswerDueAt"/> is null while paused: the due instant moves by however long the pause lasts.
/// </summary>
internal sealed record SlaView(
    string? Policy,
    DateTimeOffset? ClaimDueAt,
    DateTimeOffset? AnswerDueAt,
    SlaBand State,
    IReadOnlyList<DateTimeOffset> BreachedAt)
{
    /// <summary>The view at <paramref name="now"/>; null when the complaint has no stored clocks (stored before service levels existed).</summary>
    public static SlaView? Of(Complaint complaint, DateTimeOffset now) =>
        SlaRecords.StatusOf(complaint, now) is { } status
            ? new SlaView(status.Terms?.PolicyName, status.ClaimDueAt, status.AnswerDueAt, status.Band, [.. status.Breaches.Select(b => b.At)])
            : null;
}
