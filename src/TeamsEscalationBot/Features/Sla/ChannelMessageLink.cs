using System.Text;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// A Teams deep link to a complaint's card, the root message of its thread in the department channel:
/// <c>https://teams.microsoft.com/l/message/{channelId}/{messageId}?tenantId={tenantId}&amp;groupId={teamGroupId}&amp;parentMessageId={messageId}</c>.
/// The channel id is the thread's conversation id without its <c>;messageid=…</c> suffix, the message id is the card's
/// activity id (for the root message of a thread it is also the parent message id). The tenant and the team's Entra
/// group id are added when known; Teams opens the message without them for members of the team.
/// </summary>
internal static class ChannelMessageLink
{
    public const string Base = "https://teams.microsoft.com/l/message/";

    /// <summary>The link, or null when the card has no recorded thread or message yet.</summary>
    public static Uri? For(ChannelCard card, string? tenantId = null, string? teamGroupId = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var channelId = card.ConversationId?.Split(';', 2)[0];
        if (string.IsNullOrWhiteSpace(channelId) || string.IsNullOrWhiteSpace(card.ActivityId))
        {
            return null;
        }

        var messageId = Uri.EscapeDataString(card.ActivityId);
        var link = new StringBuilder(Base).Append(Uri.EscapeDataString(channelId)).Append('/').Append(messageId).Append('?');
        if (!string.IsNullOrWhiteSpace(tenantId))
        {
            link.Append("tenantId=").Append(Uri.EscapeDataString(tenantId)).Append('&');
        }

        if (!string.IsNullOrWhiteSpace(teamGroupId))
        {
            link.Append("groupId=").Append(Uri.EscapeDataString(teamGroupId)).Append('&');
        }

        return new Uri(link.Append("parentMessageId=").Append(messageId).ToString());
    }
}
