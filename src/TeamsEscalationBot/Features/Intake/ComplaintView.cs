using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Sla;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// A complaint as the intake API shows it: state, department, owner, answer, card and relay status, history. The network
/// is named as the API accepts it (<c>tiktok</c>, not the enum's camel case).
/// </summary>
internal sealed record ComplaintView(
    string Id,
    string Source,
    string ExternalId,
    string Network,
    string AuthorHandle,
    string Text,
    Uri? Url,
    string? Language,
    Priority Priority,
    string? Category,
    DepartmentView Department,
    ComplaintState State,
    long Version,
    DateTimeOffset CreatedAt,
    Requester? Requester,
    Person? Owner,
    string? AnswerDraft,
    ComplaintAnswer? Answer,
    CardView Card,
    RelayView Relay,
    IReadOnlyList<ComplaintEvent> History)
{
    public static ComplaintView From(Complaint complaint, ComplaintRouter router)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(router);
        var card = complaint.CurrentCard;
        return new ComplaintView(
            complaint.Id, complaint.Source, complaint.ExternalId, IntakeChoices.NetworkValue(complaint.Network), complaint.AuthorHandle, complaint.Text,
            Rfc3986(complaint.PostUrl), complaint.Language, complaint.Priority, complaint.Category,
            DepartmentView.From(complaint.DepartmentId, router), complaint.State, complaint.Version, complaint.CreatedAt,
            complaint.Requester, complaint.Owner, complaint.AnswerDraft, complaint.Answer,
            new CardView(card is not null, card?.ConversationId, card?.ActivityId, card?.PostedAt, complaint.DeliveryFailure),
            new RelayView(complaint.Relay, complaint.RelayCard?.ConversationId),
            complaint.History);
    }

    /// <summary>The service level now (docs/sla.md); null when the complaint has no stored clocks.</summary>
    public SlaView? Sla { get; init; }

    /// <summary>
    /// The link as a URI in ASCII (the host in punycode, everything else percent-encoded), as the document's
    /// <c>format: uri</c> says, whatever characters it was submitted with: a space or an accented letter is accepted at
    /// intake, and it is shown escaped.
    /// </summary>
    internal static Uri? Rfc3986(Uri? url)
    {
        if (url is null)
        {
            return null;
        }

        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;
        var userInfo = url.UserInfo.Length > 0 ? url.GetComponents(UriComponents.UserInfo, UriFormat.UriEscaped) + "@" : string.Empty;
        var port = url.IsDefaultPort ? string.Empty : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Uri($"{url.Scheme}://{userInfo}{host}{port}{url.PathAndQuery}{url.Fragment}");
    }
}

internal sealed record DepartmentView(string Id, string? Name)
{
    public static DepartmentView From(string id, ComplaintRouter router) => new(id, router.FindDepartment(id)?.Name);
}

/// <summary>Whether the channel card is posted; <see cref="DeliveryFailure"/> says why it could not be, when it failed for good.</summary>
internal sealed record CardView(bool Posted, string? ConversationId, string? ActivityId, DateTimeOffset? PostedAt, DeliveryFailure? DeliveryFailure);

/// <summary>Where the agreed answer stands with the community manager: pending, delivered, failed, accepted, sent back.</summary>
internal sealed record RelayView(RelayStatus Status, string? ConversationId);

/// <summary>One line of <c>GET /api/complaints</c>.</summary>
internal sealed record ComplaintSummary(
    string Id, string Source, string ExternalId, ComplaintState State, DepartmentView Department, Priority Priority,
    DateTimeOffset CreatedAt, Person? Owner, RelayStatus Relay)
{
    public static ComplaintSummary From(Complaint complaint, ComplaintRouter router) => new(
        complaint.Id, complaint.Source, complaint.ExternalId, complaint.State, DepartmentView.From(complaint.DepartmentId, router),
        complaint.Priority, complaint.CreatedAt, complaint.Owner, complaint.Relay);

    /// <summary>The service level now, as in <see cref="ComplaintView.Sla"/>.</summary>
    public SlaView? Sla { get; init; }
}

internal sealed record ComplaintListView(IReadOnlyList<ComplaintSummary> Items, string? NextCursor);
