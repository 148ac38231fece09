using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>Where a complaint's answers went, read from its history: the conversations that hold a relay card.</summary>
internal static class RelayDeliveries
{
    /// <summary>The conversations the answer on the table (the latest Resolved) was delivered to: 1:1 chats and channel threads.</summary>
    public static IEnumerable<string> OfCurrentAnswer(Complaint complaint) =>
        Conversations(SinceLastAnswer(complaint), ComplaintEventKind.RelayDelivered);

    /// <summary>The department threads the answer on the table was posted in because it could not reach anyone else.</summary>
    public static IEnumerable<string> FallbacksOfCurrentAnswer(Complaint complaint) =>
        Conversations(SinceLastAnswer(complaint), ComplaintEventKind.RelayFailed);

    /// <summary>Every conversation any answer of the complaint was delivered to.</summary>
    public static IEnumerable<string> OfAnyAnswer(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Conversations(complaint.History, ComplaintEventKind.RelayDelivered);
    }

    /// <summary>Every department thread any answer of the complaint was posted in instead.</summary>
    public static IEnumerable<string> FallbacksOfAnyAnswer(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Conversations(complaint.History, ComplaintEventKind.RelayFailed);
    }

    /// <summary>A thread of a channel (<c>19:…;messageid=…</c>), as opposed to a 1:1 or group chat.</summary>
    public static bool IsChannelThread(string conversationId) =>
        conversationId.StartsWith("19:", StringComparison.Ordinal) && conversationId.Contains(";messageid=", StringComparison.OrdinalIgnoreCase);

    public static bool Contains(IEnumerable<string> conversations, string? conversationId) =>
        conversationId is not null && conversations.Any(c => string.Equals(c, conversationId, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ComplaintEvent> SinceLastAnswer(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.History.Reverse().TakeWhile(e => e.Kind != ComplaintEventKind.Resolved);
    }

    private static IEnumerable<string> Conversations(IEnumerable<ComplaintEvent> events, ComplaintEventKind kind) =>
        events.Where(e => e.Kind == kind && !string.IsNullOrWhiteSpace(e.ConversationId)).Select(e => e.ConversationId!);
}
