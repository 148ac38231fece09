using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>
/// The chat commands of a community manager in the personal chat: <c>new</c> (or a pasted text or link) opens the
/// intake card, <c>my</c> lists their open complaints, <c>status &lt;id&gt;</c> shows one (the start of its id is
/// enough), <c>help</c> lists the commands. In a team or group chat the bot only explains itself: intake is personal.
/// <c>overdue</c> (a department member's list of late work) answers in the personal chat and, mentioning the bot, in a channel.
/// <c>digest</c> gives an executive who receives digests their daily digest now (personal chat only).
/// </summary>
internal sealed class ChatCommandHandler(
    IComplaintStore store,
    ComplaintRouter router,
    ComplaintListCardBuilder listCards,
    ComplaintStatusView statusView,
    ComplaintAccess access,
    TimeProvider time,
    OverdueCommand overdue,
    DigestCommand digest)
{
    /// <summary>How many complaints <c>my</c> reads per open state; the list card shows the newest of them.</summary>
    private const int MyPageSize = 100;

    /// <summary>How many complaints a <c>status</c> prefix that matches several lists; the card says how many more there are.</summary>
    public const int MaxMatches = 10;

    private static readonly ComplaintState[] OpenStates =
        [ComplaintState.Received, ComplaintState.Open, ComplaintState.Claimed, ComplaintState.Answered];

    public async Task HandleAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var texts = Texts.For(activity.Locale);
        var command = ChatCommand.Parse(CommandText.Of(activity));
        var personal = activity.Conversation?.ConversationType is null or ConversationTypes.Personal;
        if (!personal && command.Kind is not (ChatCommandKind.Help or ChatCommandKind.Overdue))
        {
            await turnContext.SendActivityAsync(BotMessages.Own(texts["Chat_PersonalOnly"]), cancellationToken);
            return;
        }

        var reply = command.Kind switch
        {
            ChatCommandKind.Help => Card(HelpCards.Help(texts)),
            ChatCommandKind.New or ChatCommandKind.Paste => Card(IntakeForm(activity.Locale, command.Argument)),
            ChatCommandKind.My => await MyComplaintsAsync(activity, texts, cancellationToken),
            ChatCommandKind.Status => await StatusAsync(activity, texts, command.Argument, cancellationToken),
            ChatCommandKind.Overdue => await overdue.AnswerAsync(activity, cancellationToken),
            ChatCommandKind.Digest => await digest.AnswerAsync(activity, cancellationToken),
            _ => BotMessages.Format(texts, "Help_Unknown", command.Argument),
        };
        await turnContext.SendActivityAsync(reply, cancellationToken);
    }

    /// <summary>
    /// An intake form with its own submission id, prefilled with what was pasted (a link goes to the link field). A
    /// pasted link the form cannot take (too long, a user name in it) is said at once, above the form.
    /// </summary>
    public TeamsEscalationBot.Cards.AdaptiveCard IntakeForm(string? locale, string pasted)
    {
        var link = ChatCommand.FindLink(pasted);
        var text = link is not null && pasted.Trim() == link ? null : pasted;
        var values = new IntakeValues
        {
            Text = string.IsNullOrWhiteSpace(text) ? null : text,
            Link = link,
            SubmissionId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N"),
        };
        return IntakeCards.Form(locale, CardDepartment.All(router), values, values.LinkProblem is { } problem ? [problem] : null);
    }

    private async Task<Activity> MyComplaintsAsync(Activity activity, Texts texts, CancellationToken cancellationToken)
    {
        var requester = activity.From?.AadObjectId;
        if (string.IsNullOrWhiteSpace(requester))
        {
            return BotMessages.Own(texts["Chat_NoIdentity"]);
        }

        var open = new List<Complaint>();
        foreach (var state in OpenStates)
        {
            var page = await store.ListAsync(new ComplaintQuery { State = state, RequesterAadObjectId = requester, PageSize = MyPageSize }, cancellationToken);
            open.AddRange(page.Items);
        }

        if (open.Count == 0)
        {
            return BotMessages.Own(texts["Chat_NoOpenComplaints"]);
        }

        return Card(listCards.Build(open, activity.Locale, CardDepartment.All(router)));
    }

    /// <summary>
    /// One complaint by its id or by the start of it (at least <see cref="ComplaintIds.MinimumPrefixLength"/> characters,
    /// any case): one match shows its card, several are listed (the first <see cref="MaxMatches"/>) to pick from.
    /// </summary>
    private async Task<Activity> StatusAsync(Activity activity, Texts texts, string argument, CancellationToken cancellationToken)
    {
        var prefix = ComplaintIds.NormalizePrefix(argument);
        if (prefix is null)
        {
            return BotMessages.Own(texts["Chat_StatusUsage"]);
        }

        if (prefix.Length < ComplaintIds.MinimumPrefixLength)
        {
            return BotMessages.Own(texts.Plural("Chat_StatusTooShort", ComplaintIds.MinimumPrefixLength));
        }

        if (prefix.Length == ComplaintIds.Length)
        {
            return await StatusCardAsync(activity, texts, prefix, await store.GetAsync(prefix, cancellationToken), cancellationToken);
        }

        var matches = await store.FindByIdPrefixAsync(prefix, MaxMatches, cancellationToken);
        return matches.Total > 1
            ? Card(await MatchesAsync(activity, texts, prefix, matches.Items, matches.Total, cancellationToken))
            : await StatusCardAsync(activity, texts, prefix, matches.Items.SingleOrDefault(), cancellationToken);
    }

    /// <summary>The matches, each with its first words only for a viewer who may see its text (not an outsider).</summary>
    private async Task<TeamsEscalationBot.Cards.AdaptiveCard> MatchesAsync(
        Activity activity, Texts texts, string prefix, IReadOnlyList<Complaint> matches, int total, CancellationToken cancellationToken)
    {
        var viewer = new ComplaintViewer(activity.From?.AadObjectId, activity.Conversation?.Id);
        var sights = await Task.WhenAll(matches.Select(c => access.SightAsync(c, viewer, ComplaintAccess.DefaultBudget, cancellationToken)));
        var readable = matches.Where((_, i) => sights[i].ShowsText).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var notice = sights.Any(s => s.DirectoryUnavailable) ? CardNotices.DirectoryUnavailable(texts) : null;
        return listCards.BuildMatches(prefix, matches, total, activity.Locale, CardDepartment.All(router), c => readable.Contains(c.Id), notice);
    }

    private async Task<Activity> StatusCardAsync(Activity activity, Texts texts, string typed, Complaint? complaint, CancellationToken cancellationToken)
    {
        if (complaint is null)
        {
            return BotMessages.Format(texts, "Chat_StatusNotFound", typed);
        }

        var viewer = new StatusViewer(activity.From?.AadObjectId, activity.From?.Name, activity.Locale, activity.Conversation?.Id) { TimeZone = activity.LocalTimezone };
        return Card(await statusView.BuildAsync(complaint, viewer, ComplaintAccess.DefaultBudget, cancellationToken));
    }

    private static Activity Card(TeamsEscalationBot.Cards.AdaptiveCard card) => BotMessages.Card(card);

}
