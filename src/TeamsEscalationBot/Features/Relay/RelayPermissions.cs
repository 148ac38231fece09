using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// Who may accept or send back an answer. With a requester: only that community manager (by Entra object id; a
/// requester given by UPN is looked up in the directory). Without one: whoever the answer was given to: a community
/// manager listed in the source's default target, or anyone clicking in the target's channel, or in the complaint's
/// department channel (where the answer lands when nobody could be reached). Teams shows a channel's cards only to its
/// members, and the invoke's conversation comes from the authenticated Connector, so the channel vouches for the clicker.
/// </summary>
internal sealed class RelayPermissions(IDirectory directory, ComplaintRouter router, IOptions<RelayOptions> options)
{
    /// <summary>Found(true): may decide. Found(false): may not. Unavailable: the directory could not say; try again.</summary>
    public async Task<DirectoryLookup<bool>> MayDecideAsync(Complaint complaint, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(activity);
        var clicker = activity.From?.AadObjectId;
        if (complaint.Requester is { } requester)
        {
            return await IsRequesterAsync(requester, clicker, cancellationToken);
        }

        var target = options.Value.TargetFor(complaint.Source);
        if (clicker is not null && target is not null && target.CommunityManagers.Any(id => Same(id, clicker)))
        {
            return DirectoryLookup.Found(true);
        }

        var channel = ChannelOf(activity.Conversation?.Id);
        var allowed = channel is not null
            && (Same(channel, target?.ChannelId) || Same(channel, router.FindDepartment(complaint.DepartmentId)?.ChannelId));
        return DirectoryLookup.Found(allowed);
    }

    private async Task<DirectoryLookup<bool>> IsRequesterAsync(Requester requester, string? clicker, CancellationToken cancellationToken)
    {
        if (clicker is null)
        {
            return DirectoryLookup.Found(false);
        }

        if (requester.AadObjectId is { Length: > 0 } id)
        {
            return DirectoryLookup.Found(Same(id, clicker));
        }

        if (requester.Upn is not { Length: > 0 } upn)
        {
            return DirectoryLookup.Found(false);
        }

        var user = await directory.GetUserAsync(upn, cancellationToken);
        return user.Match(
            found => DirectoryLookup.Found(Same(found.AadObjectId, clicker)),
            () => DirectoryLookup.Found(false),
            unavailable => unavailable.As<bool>());
    }

    /// <summary>The channel of a channel conversation or thread (<c>19:…@thread.tacv2;messageid=…</c>); null for chats.</summary>
    internal static string? ChannelOf(string? conversationId)
    {
        if (conversationId is null || !conversationId.StartsWith("19:", StringComparison.Ordinal))
        {
            return null;
        }

        var separator = conversationId.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? conversationId : conversationId[..separator];
    }

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
