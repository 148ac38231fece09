using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Relay;
using CardModel = TeamsEscalationBot.Cards.AdaptiveCard;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>
/// The card one person gets when they ask for a complaint by id: the requesting CM of an answered complaint gets the
/// relay card (to accept or send back right there); a department member gets the actionable card; anyone else the
/// read-only card. A directory outage makes the card read-only with a "try again" notice, never actionable by mistake.
/// </summary>
internal sealed class ComplaintStatusView(
    IDirectory directory, ComplaintRouter router, ComplaintCardBuilder complaintCards, RelayCardBuilder relayCards, TimeProvider time)
{
    /// <summary>The card for the viewer; <paramref name="timeZone"/> is their IANA zone (<c>localTimezone</c>) for service-level deadlines.</summary>
    public async Task<CardModel> BuildAsync(
        Complaint complaint, string? viewerAadObjectId, string? viewerName, string? locale, CancellationToken cancellationToken, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var now = time.GetUtcNow();
        var departments = CardDepartment.All(router);
        if (complaint.State == ComplaintState.Answered && viewerAadObjectId is not null &&
            string.Equals(complaint.Requester?.AadObjectId, viewerAadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            return relayCards.Build(complaint, locale, now, departments);
        }

        var (role, notice) = await RoleAsync(complaint, viewerAadObjectId, locale, cancellationToken);
        return complaintCards.Build(complaint, new ComplaintCardContext
        {
            Viewer = new CardViewer(viewerAadObjectId ?? string.Empty, viewerName ?? string.Empty, role),
            Locale = locale,
            Now = now,
            Departments = departments,
            Notice = notice,
            TimeZone = timeZone,
        });
    }

    private async Task<(CardViewerRole Role, CardNotice? Notice)> RoleAsync(
        Complaint complaint, string? viewer, string? locale, CancellationToken cancellationToken)
    {
        var department = router.FindDepartment(complaint.DepartmentId);
        if (viewer is null || department is null)
        {
            return (CardViewerRole.ReadOnly, null);
        }

        var membership = await directory.IsDepartmentMemberAsync(viewer, department, cancellationToken);
        return membership.Match<(CardViewerRole, CardNotice?)>(
            member => !member ? (CardViewerRole.ReadOnly, null)
                : string.Equals(complaint.Owner?.AadObjectId, viewer, StringComparison.OrdinalIgnoreCase) ? (CardViewerRole.Owner, null)
                : (CardViewerRole.DepartmentMember, null),
            () => (CardViewerRole.ReadOnly, null),
            _ => (CardViewerRole.ReadOnly, CardNotices.DirectoryUnavailable(Localization.Texts.For(locale))));
    }
}
