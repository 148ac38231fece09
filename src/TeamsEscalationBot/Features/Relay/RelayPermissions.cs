using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// Who may accept or send back an answer, and where (docs/security.md#who-sees-what-who-decides-what). With a requester: only that community
/// manager (by Entra object id; a requester given by UPN is looked up in the directory), on any card of the answer.
/// Without one, only in a conversation the answer on the table was actually delivered to, as recorded in the history,
/// by a person the card was for there: in a 1:1 chat a community manager listed in the source's default target; in a
/// thread of the target channel anyone in it (the channel is the addressee); in the department thread it was posted in
/// because nobody else could be reached, those managers or the department's leads. The invoke's conversation comes
/// from the authenticated Connector, so it cannot be chosen by the clicker.
/// </summary>
internal sealed class RelayPermissions(IDirectory directory, RelayAddressees addressees)
{
    /// <summary>Found(true): may decide. Found(false): may not. Unavailable: the directory could not say; try again.</summary>
    public async Task<DirectoryLookup<bool>> MayDecideAsync(Complaint complaint, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(activity);
        var clicker = string.IsNullOrWhiteSpace(activity.From?.AadObjectId) ? null : activity.From.AadObjectId;
        if (complaint.Requester is { } requester)
        {
            return await IsRequesterAsync(requester, clicker, cancellationToken);
        }

        return DirectoryLookup.Found(MayDecideWithoutRequester(complaint, clicker, activity.Conversation?.Id));
    }

    private bool MayDecideWithoutRequester(Complaint complaint, string? clicker, string? conversationId)
    {
        if (conversationId is null)
        {
            return false;
        }

        if (RelayDeliveries.Contains(RelayDeliveries.OfCurrentAnswer(complaint), conversationId))
        {
            return RelayDeliveries.IsChannelThread(conversationId) || addressees.IsListedManager(complaint, clicker);
        }

        return RelayDeliveries.Contains(RelayDeliveries.FallbacksOfCurrentAnswer(complaint), conversationId)
            && (addressees.IsListedManager(complaint, clicker) || addressees.IsLead(complaint, clicker));
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

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
