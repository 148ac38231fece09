using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// Who each escalation level is for, and the outbox items that bring it to them (docs/sla.md): a reminder @mentions the
/// owner in the thread, or the channel while unclaimed; a breach @mentions the department's leads in the thread, brings
/// each lead the complaint's card in a 1:1 chat and an activity-feed notice to the leads and the owner; the second level
/// brings each executive a notice card in a 1:1 chat; the channel card is updated to show the step in its recent activity.
/// A step that can reach nobody is recorded with the reason.
/// </summary>
internal sealed class EscalationSteps(ComplaintRouter router, IOptions<ExecutiveOptions> executives)
{
    /// <summary>The activity type the app manifest declares for an overdue complaint.</summary>
    public const string OverdueActivityType = "complaintOverdue";

    /// <summary>The step to record for <paramref name="due"/>, and why it tells nobody (null when it tells someone).</summary>
    public (EscalationStep Step, string? SkipReason) Decide(Complaint complaint, EscalationDue due, DateTimeOffset dueAt)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(due);
        EscalationStep Step(IReadOnlyList<string> told) => new(due.Target, due.Level, dueAt, told);
        if (due.Superseded)
        {
            return (Step([]), "The target was already missed when the reminder fell due: the breach tells the leads instead.");
        }

        switch (due.Level)
        {
            case EscalationLevel.Reminder when complaint.Owner is { } owner:
                return (Step([owner.AadObjectId]), null);
            case EscalationLevel.Reminder:
                return complaint.CurrentCard is null
                    ? (Step([]), "No owner and no channel card to remind.")
                    : (Step([EscalationStep.Channel]), null);
            case EscalationLevel.Breach:
                var leads = Leads(complaint);
                return leads.Count == 0
                    ? (Step([]), $"No leads configured for department '{complaint.DepartmentId}' (Departments:N:LeadUserIds).")
                    : (Step(leads), null);
            default:
                var people = executives.Value.UserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim())
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                return people.Count == 0
                    ? (Step([]), "No executives configured (Executives:UserIds).")
                    : (Step(people), null);
        }
    }

    /// <summary>The outbox items of the step <paramref name="appended"/> just recorded (the complaint is now at its version).</summary>
    public static IReadOnlyList<OutboxItem> Outbox(Complaint complaint, ComplaintEvent appended, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(appended);
        if (appended.Escalation is not { Told.Count: > 0 } step)
        {
            return [];
        }

        var version = complaint.Version;
        var items = new List<OutboxItem>();
        if (complaint.CurrentCard is not null)
        {
            // The channel card's recent activity shows the step ("Reminder sent", "Overdue: the department's leads were told").
            items.Add(Item(complaint, OutboxKinds.UpdateCard, new OutboxPayloads.UpdateCard(), now));
        }

        if (step.Level is EscalationLevel.Reminder or EscalationLevel.Breach && complaint.CurrentCard is not null)
        {
            items.Add(Item(complaint, OutboxKinds.EscalationReply, new OutboxPayloads.EscalationReply(version), now));
        }

        if (step.Level is EscalationLevel.Breach or EscalationLevel.SecondLevel)
        {
            items.AddRange(step.Told.Select(id => Item(complaint, OutboxKinds.EscalationCard, new OutboxPayloads.EscalationCard(version, id), now)));
        }

        if (step.Level == EscalationLevel.Breach)
        {
            var told = step.Told.Concat(complaint.Owner is { } owner ? [owner.AadObjectId] : []).Distinct(StringComparer.OrdinalIgnoreCase);
            items.AddRange(told.Select(id => Item(complaint, OutboxKinds.ActivityNotice, new OutboxPayloads.ActivityNotice(id, OverdueActivityType, version), now)));
        }

        return items;
    }

    private List<string> Leads(Complaint complaint) =>
        router.FindDepartment(complaint.DepartmentId) is { } department
            ? [.. department.LeadUserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)]
            : [];

    private static OutboxItem Item<T>(Complaint complaint, string kind, T payload, DateTimeOffset now) =>
        OutboxItem.Create(kind, complaint.Id, JsonSerializer.Serialize(payload, StorageJson.Options), now);
}
