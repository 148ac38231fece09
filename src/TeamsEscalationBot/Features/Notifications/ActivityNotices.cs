using System.Text.Json;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>
/// The <see cref="OutboxKinds.ActivityNotice"/> items a transition writes in the same durable write as itself, and
/// reading them back. Whether a notice is actually sent (the feature switched on, Graph configured, the person
/// reachable) is decided when it is handled.
/// </summary>
internal static class ActivityNotices
{
    /// <summary>
    /// After <paramref name="appended"/> made the complaint its current version: when it assigned the complaint to
    /// someone other than the person who did it, "assigned to you" for the assignee; otherwise nothing (a claim, or
    /// taking it over oneself, tells nobody).
    /// </summary>
    public static OutboxItem? Assigned(Complaint complaint, ComplaintEvent appended, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(appended);
        if (appended.Kind != ComplaintEventKind.Assigned || appended.Assignee?.AadObjectId is not { Length: > 0 } assignee ||
            string.Equals(assignee, appended.Actor.Id, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return For(complaint, assignee, ActivityTypes.ComplaintAssigned, now);
    }

    /// <summary>"Answer ready" for the community manager whose 1:1 chat just received the agreed answer.</summary>
    public static OutboxItem? AnswerReady(Complaint complaint, string? communityManagerAadObjectId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return string.IsNullOrWhiteSpace(communityManagerAadObjectId)
            ? null
            : For(complaint, communityManagerAadObjectId.Trim(), ActivityTypes.AnswerReady, now);
    }

    /// <summary>"Overdue" for one person an escalation step tells (the owner, a lead, an executive).</summary>
    public static OutboxItem Overdue(Complaint complaint, string aadObjectId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        return For(complaint, aadObjectId.Trim(), ActivityTypes.ComplaintOverdue, now);
    }

    /// <summary>The notice about the complaint as of its current version.</summary>
    public static OutboxItem For(Complaint complaint, string aadObjectId, string activityType, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var payload = new OutboxPayloads.ActivityNotice(aadObjectId, activityType, complaint.Version);
        return OutboxItem.Create(OutboxKinds.ActivityNotice, complaint.Id, JsonSerializer.Serialize(payload, StorageJson.Options), now);
    }

    /// <summary>The payload, or null when it is not valid JSON of that shape or names nobody.</summary>
    public static OutboxPayloads.ActivityNotice? Read(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var notice = JsonSerializer.Deserialize<OutboxPayloads.ActivityNotice>(item.PayloadJson, StorageJson.Options);
            return notice is { UserAadObjectId.Length: > 0, ActivityType.Length: > 0 } ? notice : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
