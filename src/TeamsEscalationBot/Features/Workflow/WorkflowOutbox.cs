using System.Text.Json;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// The outbox items a card action writes together with its transition (payloads from <see cref="OutboxPayloads"/>,
/// JSON as <see cref="StorageJson"/> writes it), and reading them back.
/// </summary>
internal static class WorkflowOutbox
{
    /// <summary>
    /// After <paramref name="appended"/> made the complaint its current version: the channel card shows the new state,
    /// the audit line goes into the thread, and per kind: a reassign posts the new department's card and updates the old
    /// one instead; a resolve hands the answer to the relay; a reopen of an answer the CM may have received withdraws
    /// it from their card; an assign @mentions the new owner and, when someone else assigned it, tells them in their
    /// Teams activity feed.
    /// </summary>
    public static IReadOnlyList<OutboxItem> For(Complaint complaint, ComplaintEvent appended, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(appended);
        var version = complaint.Version;
        var moved = appended.Kind == ComplaintEventKind.Reassigned;
        var card = Item(complaint, OutboxKinds.UpdateCard, new OutboxPayloads.UpdateCard(moved ? appended.FromDepartmentId : null), now);
        var reply = Item(complaint, OutboxKinds.ThreadReply, new OutboxPayloads.ThreadReply(version, appended.Kind == ComplaintEventKind.Assigned), now);
        OutboxItem? next = appended.Kind switch
        {
            ComplaintEventKind.Reassigned => Item(complaint, OutboxKinds.PostCard, new { }, now),
            ComplaintEventKind.Resolved => Item(complaint, OutboxKinds.Relay, new OutboxPayloads.Relay(version), now),
            ComplaintEventKind.Reopened when complaint.Relay == RelayStatus.Withdrawn => Item(complaint, OutboxKinds.RelayWithdrawn, new { }, now),
            _ => null,
        };
        var items = new List<OutboxItem> { card, reply };
        if (next is not null)
        {
            items.Add(next);
        }

        if (ActivityNotices.Assigned(complaint, appended, now) is { } notice)
        {
            items.Add(notice);
        }

        return items;
    }

    /// <summary>The payload of an item, or null when it is not valid JSON of that shape.</summary>
    public static T? Read<T>(OutboxItem item) where T : class
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            return JsonSerializer.Deserialize<T>(item.PayloadJson, StorageJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static OutboxItem Item<T>(Complaint complaint, string kind, T payload, DateTimeOffset now) =>
        OutboxItem.Create(kind, complaint.Id, JsonSerializer.Serialize(payload, StorageJson.Options), now);
}
