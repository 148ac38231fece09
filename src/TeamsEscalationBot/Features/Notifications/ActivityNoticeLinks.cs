using System.Text;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Features.Sla;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>
/// Where a click on a notice leads (a Teams deep link): the complaint's card in its department channel
/// (<see cref="ChannelMessageLink"/>); for "answer ready", the community manager's chat with the bot, where the relay card
/// is. A complaint whose card is not in a channel yet links to the chat with the bot, where <c>status &lt;id&gt;</c> works.
/// </summary>
internal sealed class ActivityNoticeLinks(ComplaintRouter router, IInstallationStore installations, IOptions<BotFrameworkOptions> bot)
{
    /// <summary>The chat with the bot: <c>https://teams.microsoft.com/l/chat/0/0?users=28:{Bot:AppId}</c>.</summary>
    public const string ChatBase = "https://teams.microsoft.com/l/chat/0/0?users=";

    public async Task<Uri?> ForAsync(Complaint complaint, string activityType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (activityType == ActivityTypes.AnswerReady && complaint.RelayCard is { } relay && IsPersonalChat(relay.ConversationId) && ChatWithBot() is { } chat)
        {
            return chat;
        }

        return await ChannelCardAsync(complaint, cancellationToken) ?? ChatWithBot();
    }

    /// <summary>The deep link to the complaint's current card in its department channel, or null while it has none.</summary>
    public async Task<Uri?> ChannelCardAsync(Complaint complaint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.CurrentCard is not { } card)
        {
            return null;
        }

        var department = router.FindDepartment(complaint.DepartmentId);
        var team = department is null ? null : await installations.FindTeamAsync(department.TeamId, cancellationToken);
        return ChannelMessageLink.For(card, team?.TenantId ?? bot.Value.TenantId, team?.TeamAadGroupId);
    }

    /// <summary>The deep link that opens the 1:1 chat with the bot, or null without <c>Bot:AppId</c>.</summary>
    public Uri? ChatWithBot() => bot.Value.AppId is { Length: > 0 } appId
        ? new Uri(new StringBuilder(ChatBase).Append("28:").Append(Uri.EscapeDataString(appId)).ToString())
        : null;

    /// <summary>Teams' channel threads and group chats have <c>19:</c> ids; a bot's 1:1 chat does not.</summary>
    private static bool IsPersonalChat(string conversationId) => !conversationId.StartsWith("19:", StringComparison.Ordinal);
}
