using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// Who an answer is addressed to when nobody asked for it by name (docs/security.md#who-sees-what-who-decides-what): the community managers
/// listed in the source's default target; anyone in a channel thread an answer was delivered to (the target channel);
/// and, in the department thread an answer was posted in because nobody else could be reached, those managers and the
/// department's leads (<c>Departments:N:LeadUserIds</c>). They see the complaint as a requester would.
/// </summary>
internal sealed class RelayAddressees(IOptions<RelayOptions> options, ComplaintRouter router) : IComplaintAddressees
{
    public bool IsAddressee(Complaint complaint, ComplaintViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(viewer);
        if (complaint.Requester is not null)
        {
            return false;
        }

        var conversation = viewer.ConversationId;
        return IsListedManager(complaint, viewer.AadObjectId)
            || (conversation is not null && RelayDeliveries.IsChannelThread(conversation) && RelayDeliveries.Contains(RelayDeliveries.OfAnyAnswer(complaint), conversation))
            || (IsLead(complaint, viewer.AadObjectId) && RelayDeliveries.Contains(RelayDeliveries.FallbacksOfAnyAnswer(complaint), conversation));
    }

    /// <summary>A community manager the source's default target lists (<c>Relay:DefaultTargets:{source}:CommunityManagers</c>).</summary>
    public bool IsListedManager(Complaint complaint, string? aadObjectId)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return aadObjectId is not null && options.Value.TargetFor(complaint.Source) is { } target
            && target.CommunityManagers.Any(id => string.Equals(id, aadObjectId, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A lead of the complaint's department (<c>Departments:N:LeadUserIds</c>).</summary>
    public bool IsLead(Complaint complaint, string? aadObjectId)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return aadObjectId is not null && router.FindDepartment(complaint.DepartmentId) is { } department
            && department.LeadUserIds.Any(id => string.Equals(id, aadObjectId, StringComparison.OrdinalIgnoreCase));
    }
}
