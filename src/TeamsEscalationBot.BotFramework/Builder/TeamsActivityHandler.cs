using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>
/// Adds Teams' channel and team events (<c>channelData.eventType</c>) to <see cref="ActivityHandler"/>, like the
/// Agents SDK's TeamsActivityHandler. Member events fall back to the base member methods.
/// </summary>
public abstract class TeamsActivityHandler : ActivityHandler
{
    protected override Task OnConversationUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var data = activity.ChannelData;
        if (activity.ChannelId != Channels.MsTeams || data?.EventType is null)
        {
            return base.OnConversationUpdateAsync(turnContext, cancellationToken);
        }

        var team = data.Team ?? new TeamInfo();
        var channel = data.Channel ?? new ChannelInfo();
        return data.EventType switch
        {
            TeamsEventTypes.TeamMemberAdded => OnTeamsMembersAddedAsync(activity.MembersAdded ?? [], team, turnContext, cancellationToken),
            TeamsEventTypes.TeamMemberRemoved => OnTeamsMembersRemovedAsync(activity.MembersRemoved ?? [], team, turnContext, cancellationToken),
            TeamsEventTypes.ChannelCreated => OnTeamsChannelCreatedAsync(channel, team, turnContext, cancellationToken),
            TeamsEventTypes.ChannelDeleted => OnTeamsChannelDeletedAsync(channel, team, turnContext, cancellationToken),
            TeamsEventTypes.ChannelRenamed => OnTeamsChannelRenamedAsync(channel, team, turnContext, cancellationToken),
            TeamsEventTypes.ChannelRestored => OnTeamsChannelRestoredAsync(channel, team, turnContext, cancellationToken),
            TeamsEventTypes.TeamRenamed => OnTeamsTeamRenamedAsync(team, turnContext, cancellationToken),
            TeamsEventTypes.TeamDeleted => OnTeamsTeamDeletedAsync(team, turnContext, cancellationToken),
            TeamsEventTypes.TeamHardDeleted => OnTeamsTeamHardDeletedAsync(team, turnContext, cancellationToken),
            TeamsEventTypes.TeamArchived => OnTeamsTeamArchivedAsync(team, turnContext, cancellationToken),
            TeamsEventTypes.TeamUnarchived => OnTeamsTeamUnarchivedAsync(team, turnContext, cancellationToken),
            TeamsEventTypes.TeamRestored => OnTeamsTeamRestoredAsync(team, turnContext, cancellationToken),
            _ => base.OnConversationUpdateAsync(turnContext, cancellationToken),
        };
    }

    protected virtual Task OnTeamsMembersAddedAsync(IList<ChannelAccount> membersAdded, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) =>
        OnMembersAddedAsync(membersAdded, turnContext, cancellationToken);

    protected virtual Task OnTeamsMembersRemovedAsync(IList<ChannelAccount> membersRemoved, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) =>
        OnMembersRemovedAsync(membersRemoved, turnContext, cancellationToken);

    protected virtual Task OnTeamsChannelCreatedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsChannelDeletedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsChannelRenamedAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsChannelRestoredAsync(ChannelInfo channelInfo, TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamRenamedAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamDeletedAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamHardDeletedAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamArchivedAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamUnarchivedAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnTeamsTeamRestoredAsync(TeamInfo teamInfo, ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;
}
