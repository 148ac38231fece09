using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>Reading the step an escalation item is about, and the due instant as people read it.</summary>
internal static class EscalationMessages
{
    /// <summary>The <c>Escalated</c> history entry at <paramref name="version"/> (1-based), or null when it is not one.</summary>
    public static EscalationStep? StepAt(Complaint complaint, long version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return version >= 1 && version <= complaint.Version && complaint.History[(int)version - 1] is { Kind: ComplaintEventKind.Escalated, Escalation: { } step }
            ? step
            : null;
    }

    /// <summary>"2 Mar 2026, 10:45 (Europe/Madrid)": in the business-hours zone of the complaint's clock, else <c>Cards:TimeZone</c>.</summary>
    public static string When(Complaint complaint, DateTimeOffset at, DateTimeOffset now, CardClock clock, Localization.Texts texts)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(texts);
        var zone = SlaText.Zone(null, SlaRecords.StatusOf(complaint, now), clock.Zone);
        return $"{TimeZoneInfo.ConvertTime(at, zone).ToString("d MMM yyyy, HH:mm", texts.Culture)} ({zone.Id})";
    }
}
