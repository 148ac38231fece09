using System.Text.Json;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// The outbox items the relay writes with its changes, and its own kind <see cref="MemberKind"/>: one copy of the relay
/// card for one community manager of a default target that lists several.
/// </summary>
internal static class RelayOutbox
{
    /// <summary>Deliver the relay card to one listed community manager (payload <see cref="MemberPayload"/>).</summary>
    public const string MemberKind = "relay-member";

    /// <summary>The outbox lane of the relay's items (to the CM's chat), apart from the department thread's.</summary>
    public const string Lane = "relay";

    internal sealed record MemberPayload(long Version, string AadObjectId);

    /// <summary>The version of the answer a <c>relay</c> item is about; null when the payload cannot be read (then: the latest answer).</summary>
    public static long? RelayVersion(OutboxItem item) => Read<OutboxPayloads.Relay>(item)?.Version;

    public static MemberPayload? Member(OutboxItem item) => Read<MemberPayload>(item);

    public static OutboxItem ForMember(Complaint complaint, long version, string aadObjectId, DateTimeOffset now) =>
        Create(MemberKind, complaint, new MemberPayload(version, aadObjectId), now);

    /// <summary>
    /// After a change the department should see: the channel card updated and, when <paramref name="auditLine"/>, the
    /// history entry posted in the thread (with the owner @mentioned when <paramref name="mentionOwner"/>); plus the
    /// callback when the source gave a URL and <paramref name="callback"/>.
    /// </summary>
    public static IReadOnlyList<OutboxItem> AfterChange(Complaint complaint, DateTimeOffset now, bool auditLine, bool mentionOwner, bool callback)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var items = new List<OutboxItem> { Create(OutboxKinds.UpdateCard, complaint, new OutboxPayloads.UpdateCard(), now) };
        if (auditLine)
        {
            items.Add(Create(OutboxKinds.ThreadReply, complaint, new OutboxPayloads.ThreadReply(complaint.Version, mentionOwner), now));
        }

        if (complaint.Relay == RelayStatus.Withdrawn)
        {
            // A card delivered while the department was taking its answer back: it must say so too.
            items.Add(Create(OutboxKinds.RelayWithdrawn, complaint, new { }, now));
        }

        if (callback && complaint.CallbackUrl is not null)
        {
            items.Add(Create(OutboxKinds.Callback, complaint, new OutboxPayloads.Callback(complaint.Version), now));
        }

        return items;
    }

    private static OutboxItem Create<T>(string kind, Complaint complaint, T payload, DateTimeOffset now) =>
        OutboxItem.Create(kind, complaint.Id, JsonSerializer.Serialize(payload, StorageJson.Options), now);

    private static T? Read<T>(OutboxItem item)
        where T : class
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
}
