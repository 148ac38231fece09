using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Localization;
using CardModel = TeamsEscalationBot.Cards.AdaptiveCard;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>
/// The card one person gets when they ask for a complaint by id, by what <see cref="ComplaintAccess"/> lets them see:
/// the department gets the actionable card; the requesting CM the relay card of an answered complaint (to accept or
/// send back right there), else the card without notes or drafts; a former department the card as it left them; anyone
/// else only its id, state and department. A directory outage shows the least view with a "try again" notice.
/// </summary>
internal sealed class ComplaintStatusView(
    ComplaintAccess access, ComplaintRouter router, ComplaintCardBuilder complaintCards, RelayCardBuilder relayCards, TimeProvider time)
{
    public async Task<CardModel> BuildAsync(Complaint complaint, StatusViewer viewer, TimeSpan directoryBudget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(viewer);
        var sight = await access.SightAsync(complaint, new ComplaintViewer(viewer.AadObjectId, viewer.ConversationId), directoryBudget, cancellationToken);
        var notice = sight.DirectoryUnavailable ? CardNotices.DirectoryUnavailable(Texts.For(viewer.Locale)) : null;
        var now = time.GetUtcNow();
        var departments = CardDepartment.All(router);
        if (sight.Visibility == ComplaintVisibility.Requester && complaint.State == ComplaintState.Answered)
        {
            return relayCards.Build(complaint, viewer.Locale, now, departments, notice);
        }

        var role = sight.IsDepartment ? CardViewerRole.DepartmentMember : CardViewerRole.ReadOnly;
        return complaintCards.Build(complaint, new ComplaintCardContext
        {
            Viewer = new CardViewer(viewer.AadObjectId ?? string.Empty, viewer.Name ?? string.Empty, role),
            Sight = sight,
            Locale = viewer.Locale,
            Now = now,
            Departments = departments,
            Notice = notice,
            TimeZone = viewer.TimeZone,
        });
    }
}

/// <summary>Who asks for a complaint's status: Entra object id and name, Teams locale, and the conversation they ask in.</summary>
internal sealed record StatusViewer(string? AadObjectId, string? Name, string? Locale, string? ConversationId)
{
    /// <summary>The viewer's IANA time zone (<c>localTimezone</c>), for the service-level deadlines on their card.</summary>
    public string? TimeZone { get; init; }
}
