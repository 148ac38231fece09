using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>Everything a complaint card depends on besides the complaint: who looks at it, where, when and in which language.</summary>
internal sealed record ComplaintCardContext
{
    public required CardViewer Viewer { get; init; }

    /// <summary>
    /// How much of the complaint the viewer may see (<see cref="ComplaintAccess"/>); only a Department view shows notes,
    /// drafts and actions. The channel card of the owning department is a Department view.
    /// </summary>
    public required ComplaintSight Sight { get; init; }

    /// <summary>The viewer's Teams <c>locale</c> (<c>es-ES</c>, <c>en-US</c>…); Spanish for <c>es*</c>, English otherwise.</summary>
    public string? Locale { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Every configured department: names for ids, and the choices for Reassign.</summary>
    public required IReadOnlyList<CardDepartment> Departments { get; init; }

    /// <summary>
    /// Teams user ids (<c>29:…</c>) that Teams refreshes automatically: the department's active members. At most 60
    /// are used (Teams' limit); empty leaves <c>userIds</c> out, so Teams refreshes for everyone in conversations of
    /// up to 60 members.
    /// </summary>
    public IReadOnlyList<string> RefreshUserIds { get; init; } = [];

    /// <summary>
    /// True when the card answers Teams' automatic refresh, so Teams builds it again whenever the viewer looks at it:
    /// then it may say how long ago things happened. A card that stays as sent (a channel post, a chat message) only
    /// shows dates and times, which stay true.
    /// </summary>
    public bool RenderedOnView { get; init; }

    /// <summary>The department whose channel shows this card; null means the complaint's current department.</summary>
    public string? CardDepartmentId { get; init; }

    /// <summary>A line at the top, such as "Already claimed by Ana Ruiz" (see <see cref="CardNotices"/>).</summary>
    public CardNotice? Notice { get; init; }

    /// <summary>People offered first in the Assign picker (the directory's active members); anyone else is found by search.</summary>
    public IReadOnlyList<Person> AssignCandidates { get; init; } = [];

    /// <summary>Current display names by Entra object id, from the directory; the names recorded on the complaint otherwise.</summary>
    public IReadOnlyDictionary<string, string>? DisplayNames { get; init; }

    /// <summary>
    /// The viewer's IANA time zone (Teams' <c>localTimezone</c>) for the service-level deadlines; null (a channel card
    /// seen by everyone) uses the business-hours zone of the complaint's clock, then <c>Cards:TimeZone</c>.
    /// </summary>
    public string? TimeZone { get; init; }

    /// <summary>The complaint is part of an open reputation crisis (docs/crises.md): the card shows a "Crisis" badge.</summary>
    public bool InCrisis { get; init; }
}
