using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>
/// One plain-text line per history event, e.g. "Claimed by Ana Ruiz, 10:42": the thread replies under a channel card
/// and the history on the card. Times are in the configured time zone.
/// </summary>
internal sealed class AuditLineFormatter(CardClock clock)
{
    /// <summary>Characters of a note, reason or comment quoted in a line.</summary>
    public const int ExcerptChars = 200;

    /// <summary>
    /// The line for an event, or null for bookkeeping events people need not see (card posted, callbacks).
    /// The time is "10:42", or "2 Mar 10:42" when <paramref name="now"/> is given and falls on another day.
    /// Notes, reasons and comments are quoted up to <paramref name="excerptChars"/> characters.
    /// </summary>
    public string? Format(
        ComplaintEvent entry,
        Texts texts,
        IReadOnlyList<CardDepartment> departments,
        DateTimeOffset? now = null,
        int excerptChars = ExcerptChars)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(departments);
        var when = now is { } today ? clock.When(entry.At, today, texts.Culture) : clock.Time(entry.At, texts.Culture);
        var by = CardText.Truncate(entry.Actor.DisplayName, CardBudget.NameChars);
        var note = entry.Note is null ? string.Empty : CardText.Excerpt(entry.Note, excerptChars);
        return entry.Kind switch
        {
            ComplaintEventKind.Received => texts.Format("Audit_Received", by, when),
            ComplaintEventKind.Routed => texts.Format("Audit_Routed", Department(departments, entry.DepartmentId), when),
            ComplaintEventKind.CardPostFailed => texts.Format("Audit_CardPostFailed", when),
            ComplaintEventKind.Claimed => texts.Format("Audit_Claimed", by, when),
            ComplaintEventKind.Unclaimed => texts.Format("Audit_Unclaimed", by, when),
            ComplaintEventKind.Assigned => texts.Format("Audit_Assigned", CardText.Truncate(entry.Assignee?.DisplayName ?? string.Empty, CardBudget.NameChars), by, when),
            ComplaintEventKind.Reassigned when note.Length > 0 => texts.Format("Audit_Reassigned", Department(departments, entry.DepartmentId), by, when, note),
            ComplaintEventKind.Reassigned => texts.Format("Audit_ReassignedNoReason", Department(departments, entry.DepartmentId), by, when),
            ComplaintEventKind.NoteAdded => texts.Format("Audit_Note", by, when, note),
            ComplaintEventKind.DraftSaved => texts.Format("Audit_Drafted", by, when),
            ComplaintEventKind.Resolved => texts.Format("Audit_Resolved", by, when),
            ComplaintEventKind.Reopened when note.Length > 0 => texts.Format("Audit_ReopenedWithNote", by, when, note),
            ComplaintEventKind.Reopened => texts.Format("Audit_Reopened", by, when),
            ComplaintEventKind.RelayDelivered => texts.Format("Audit_RelayDelivered", when),
            ComplaintEventKind.RelayFailed => texts.Format("Audit_RelayFailed", when),
            ComplaintEventKind.SentBack => texts.Format("Audit_SentBack", by, when, note),
            ComplaintEventKind.Accepted => texts.Format("Audit_Accepted", by, when),
            ComplaintEventKind.Escalated when entry.Escalation is { Told.Count: > 0 } step => texts.Format($"Audit_Escalated_{step.Level}", when),
            _ => null,
        };
    }

    private static string Department(IReadOnlyList<CardDepartment> departments, string? id) =>
        id is null ? string.Empty : CardDepartment.NameOf(departments, id);
}
