using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.Cards.CardVerbs;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// The <c>complaint.*</c> card actions. Each is a domain transition written with optimistic concurrency together with
/// its outbox items (channel card update, audit line, and per verb the new department's card or the relay), answered
/// with the clicker's own view of the card. Who may act is the department's Entra group (through the directory,
/// bounded in time: no answer means "try again", never "no"); unclaim, draft and resolve are the owner's. Bad data is a
/// 400 error body; a refresh or <c>complaint.status</c> answers the viewer's current card and changes nothing. Every
/// card it answers with shows what <see cref="ComplaintAccess"/> lets that viewer see.
/// </summary>
internal sealed partial class ComplaintActionHandler(
    IComplaintStore store,
    ComplaintRouter router,
    ComplaintCardBuilder cards,
    WorkflowDirectory directory,
    ComplaintAccess access,
    ActiveMembers activeMembers,
    IComplaintCrises crises,
    ComplaintStatusView statusView,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<ComplaintActionHandler> logger) : ICardActionHandler
{
    private static readonly FrozenSet<string> Verbs = new[] { Claim, Unclaim, Assign, Reassign, Note, Draft, Resolve, Reopen, Refresh, Status }
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> OwnerVerbs = new[] { Unclaim, Draft, Resolve }.ToFrozenSet(StringComparer.Ordinal);

    public bool CanHandle(string verb) => Verbs.Contains(verb);

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(invokeValue);
        var (request, error) = CardActionRequest.Read(invokeValue, router);
        if (request is null)
        {
            return error!;
        }

        var user = CardUser.From(turnContext.Activity);
        try
        {
            var complaint = await store.GetAsync(request.ComplaintId, cancellationToken);
            if (complaint is null)
            {
                return StaleCard(request.ComplaintId);
            }

            return request.IsRefresh ? await RefreshAsync(request, complaint, user, cancellationToken)
                : request.Verb == Status ? await StatusAsync(complaint, user, cancellationToken)
                : await ActAsync(request, complaint, user, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Storage or Teams trouble: still an answer Teams can show (never a 500), and nothing half-done (the write is atomic).
            LogFailed(logger, request.Verb, request.ComplaintId, ex);
            return AdaptiveCardInvokeResponse.Message(Texts.For(user.Locale)[StorageFailures.IsOutage(ex) ? "Bot_StorageUnavailable" : "Card_Notice_TryAgain"]);
        }
    }

    /// <summary>The viewer's own card, as much of it as they may see; a directory outage shows the least with "try again".</summary>
    private async Task<AdaptiveCardInvokeResponse> RefreshAsync(CardActionRequest request, Complaint complaint, CardUser user, CancellationToken cancellationToken)
    {
        var sight = await access.SightAsync(complaint, user.ComplaintViewer, options.Value.DirectoryTimeout, cancellationToken);
        var notice = sight.DirectoryUnavailable ? CardNotices.DirectoryUnavailable(Texts.For(user.Locale)) : null;
        var viewer = user.Viewer(sight.IsDepartment ? CardViewerRole.DepartmentMember : CardViewerRole.ReadOnly);
        return await CardAsync(complaint, viewer, sight, user, notice, request.CardDepartmentId, renderedOnView: true, cancellationToken);
    }

    /// <summary>"Status" in the personal chat: the same view the <c>status</c> command gives (the relay card for the requesting CM).</summary>
    private async Task<AdaptiveCardInvokeResponse> StatusAsync(Complaint complaint, CardUser user, CancellationToken cancellationToken)
    {
        var viewer = new StatusViewer(user.AadObjectId, user.Name, user.Locale, user.ConversationId) { TimeZone = user.TimeZone };
        return AdaptiveCardInvokeResponse.Card(await statusView.BuildAsync(complaint, viewer, options.Value.DirectoryTimeout, cancellationToken));
    }

    private async Task<AdaptiveCardInvokeResponse> ActAsync(CardActionRequest request, Complaint complaint, CardUser user, CancellationToken cancellationToken)
    {
        var texts = Texts.For(user.Locale);
        var department = router.FindDepartment(complaint.DepartmentId);
        var departmentName = department?.Name ?? complaint.DepartmentId;
        if (user.AadObjectId is null || department is null)
        {
            var unknown = access.WithoutDirectory(complaint, user.ComplaintViewer);
            return await CardAsync(complaint, user.Viewer(CardViewerRole.ReadOnly), unknown, user, CardNotices.NotAMember(texts, departmentName), null, cancellationToken);
        }

        var check = await directory.CheckAsync(user.AadObjectId, user.Name, department, request.AssigneeId, cancellationToken);
        var member = user.Viewer(CardViewerRole.DepartmentMember) with { DisplayName = check.ActorName };
        var refused = check.Access switch
        {
            ActionAccess.Unavailable => (user.Viewer(CardViewerRole.ReadOnly), CardNotices.DirectoryUnavailable(texts)),
            ActionAccess.NotAMember => (user.Viewer(CardViewerRole.ReadOnly), CardNotices.NotAMember(texts, departmentName)),
            ActionAccess.AssigneeNotFound => (member, WorkflowNotices.AssigneeNotFound(texts)),
            ActionAccess.AssigneeNotAMember => (member, WorkflowNotices.AssigneeNotAMember(texts, check.Assignee?.DisplayName ?? request.AssigneeId!, departmentName)),
            _ => ((CardViewer, CardNotice)?)null,
        };
        if (refused is var (viewer, notice))
        {
            LogNotAllowed(logger, request.Verb, complaint.Id, user.AadObjectId, check.Access);
            var sight = check.Access switch
            {
                ActionAccess.Unavailable => access.WithoutDirectory(complaint, user.ComplaintViewer) with { DirectoryUnavailable = true },
                ActionAccess.NotAMember => await access.SightAsync(complaint, user.ComplaintViewer, options.Value.DirectoryTimeout, cancellationToken),
                _ => ComplaintSight.Department,
            };
            return await CardAsync(complaint, viewer, sight, user, notice, null, cancellationToken);
        }

        activeMembers.Touch(complaint.DepartmentId, user.TeamsUserId, user.AadObjectId, check.ActorName);
        var actor = new Actor(user.AadObjectId, check.ActorName, ActorKind.User);
        return await ApplyAsync(request, complaint, actor, Operation(request, actor, check.Assignee), user, member, cancellationToken);
    }

    /// <summary>
    /// Applies the operation and writes it with its outbox items. A lost race reloads and applies again while the action
    /// still means the same thing (a note always; a claim, where the domain then names the winner); otherwise, or after
    /// <see cref="WorkflowOptions.MaxUpdateAttempts"/>, the viewer gets the current card saying it changed meanwhile.
    /// </summary>
    private async Task<AdaptiveCardInvokeResponse> ApplyAsync(
        CardActionRequest request, Complaint complaint, Actor actor, Func<Complaint, DateTimeOffset, TransitionResult> operation,
        CardUser user, CardViewer viewer, CancellationToken cancellationToken)
    {
        var texts = Texts.For(user.Locale);
        var (state, ownerId, departmentId) = (complaint.State, complaint.Owner?.AadObjectId, complaint.DepartmentId);

        // The clicker is a member of the department the complaint was in; if it has left meanwhile, they see what happened there.
        ComplaintSight SeenBy(Complaint current) => string.Equals(current.DepartmentId, departmentId, StringComparison.OrdinalIgnoreCase)
            ? ComplaintSight.Department
            : ComplaintSight.FormerDepartment([departmentId]);
        for (var attempt = 1; attempt <= options.Value.MaxUpdateAttempts; attempt++)
        {
            if (OwnerVerbs.Contains(request.Verb) && complaint is { State: ComplaintState.Claimed, Owner: { } owner } &&
                !string.Equals(owner.AadObjectId, actor.Id, StringComparison.OrdinalIgnoreCase))
            {
                return await CardAsync(complaint, viewer, SeenBy(complaint), user, WorkflowNotices.OwnerOnly(texts, owner.DisplayName), null, cancellationToken);
            }

            var expected = complaint.Version;
            var now = time.GetUtcNow();
            var result = operation(complaint, now);
            if (!result.Succeeded)
            {
                LogRefused(logger, request.Verb, complaint.Id, result.Refusal.Code);
                return await CardAsync(complaint, viewer, SeenBy(complaint), user, RefusalNotice(result.Refusal, request, complaint, texts), null, cancellationToken);
            }

            var saved = await store.UpdateAsync(complaint, expected, WorkflowOutbox.For(complaint, result.Event, now), cancellationToken);
            switch (saved.Outcome)
            {
                case UpdateOutcome.Updated:
                    LogApplied(logger, request.Verb, complaint.Id, actor.Id, saved.Current!.Version);
                    // After a reassign the clicker's card is their department's old card: what happened there, nothing later.
                    var shownIn = result.Event.Kind == ComplaintEventKind.Reassigned ? result.Event.FromDepartmentId : null;
                    return await CardAsync(saved.Current, viewer, SeenBy(saved.Current), user, SuccessNotice(request.Verb, texts), shownIn, cancellationToken);
                case UpdateOutcome.NotFound:
                    return StaleCard(request.ComplaintId);
                default:
                    complaint = saved.Current!;
                    if (!StillApplies(request.Verb, complaint, state, ownerId, departmentId))
                    {
                        return await CardAsync(complaint, viewer, SeenBy(complaint), user, CardNotices.Stale(texts), null, cancellationToken);
                    }

                    break;
            }
        }

        LogGaveUp(logger, request.Verb, complaint.Id, options.Value.MaxUpdateAttempts);
        return await CardAsync(complaint, viewer, SeenBy(complaint), user, CardNotices.Stale(texts), null, cancellationToken);
    }

    /// <summary>A note is added whatever happened meanwhile; a claim is tried again (the domain names the winner); anything else only if the complaint is as it was.</summary>
    private static bool StillApplies(string verb, Complaint current, ComplaintState state, string? ownerId, string departmentId) =>
        verb is Note or Claim ||
        (current.State == state &&
         string.Equals(current.Owner?.AadObjectId, ownerId, StringComparison.OrdinalIgnoreCase) &&
         string.Equals(current.DepartmentId, departmentId, StringComparison.OrdinalIgnoreCase));

    private static Func<Complaint, DateTimeOffset, TransitionResult> Operation(CardActionRequest request, Actor actor, Person? assignee) => request.Verb switch
    {
        Claim => (c, now) => c.Claim(actor, now),
        Unclaim => (c, now) => c.Unclaim(actor, now),
        Assign => (c, now) => c.Assign(actor, assignee ?? throw new InvalidOperationException("Assign without an assignee."), now),
        Reassign => (c, now) => c.Reassign(actor, request.TargetDepartmentId!, request.Text!, now),
        Note => (c, now) => c.AddNote(actor, request.Text!, now),
        Draft => (c, now) => c.SaveDraft(actor, request.Text!, now),
        Resolve => (c, now) => c.Resolve(actor, request.Text, now),
        Reopen => (c, now) => c.Reopen(actor, request.Text, now),
        _ => throw new InvalidOperationException($"'{request.Verb}' is not a complaint transition."),
    };

    /// <summary>An illegal move on a card that was out of date is best explained as "it changed meanwhile".</summary>
    private CardNotice RefusalNotice(Refusal refusal, CardActionRequest request, Complaint complaint, Texts texts) =>
        refusal.Code == RefusalCode.IllegalTransition && request.CardVersion != complaint.Version
            ? CardNotices.Stale(texts)
            : CardNotices.FromRefusal(refusal, texts, CardDepartment.All(router));

    private static CardNotice? SuccessNotice(string verb, Texts texts) => verb switch
    {
        Draft => CardNotices.DraftSaved(texts),
        Note => CardNotices.NoteAdded(texts),
        _ => null,
    };

    private Task<AdaptiveCardInvokeResponse> CardAsync(
        Complaint complaint, CardViewer viewer, ComplaintSight sight, CardUser user, CardNotice? notice, string? cardDepartmentId, CancellationToken cancellationToken) =>
        CardAsync(complaint, viewer, sight, user, notice, cardDepartmentId, renderedOnView: false, cancellationToken);

    /// <summary>
    /// The complaint card for this viewer, as much as <paramref name="sight"/> shows, with the card's department's active
    /// members as its refresh list; <paramref name="renderedOnView"/> when it answers Teams' refresh (see
    /// <see cref="ComplaintCardContext.RenderedOnView"/>).
    /// </summary>
    private async Task<AdaptiveCardInvokeResponse> CardAsync(
        Complaint complaint,
        CardViewer viewer,
        ComplaintSight sight,
        CardUser user,
        CardNotice? notice,
        string? cardDepartmentId,
        bool renderedOnView,
        CancellationToken cancellationToken)
    {
        var members = await activeMembers.GetAsync(cardDepartmentId ?? complaint.DepartmentId, cancellationToken);
        var card = cards.Build(complaint, new ComplaintCardContext
        {
            Viewer = viewer,
            Sight = sight,
            Locale = user.Locale,
            Now = time.GetUtcNow(),
            Departments = CardDepartment.All(router),
            CardDepartmentId = cardDepartmentId,
            Notice = notice,
            RenderedOnView = renderedOnView,
            RefreshUserIds = [.. members.Select(m => m.TeamsUserId)],
            AssignCandidates = [.. members.Select(m => new Person(m.AadObjectId, m.DisplayName))],
            TimeZone = user.TimeZone,
            InCrisis = await crises.IsInOpenCrisisAsync(complaint.Id, cancellationToken),
        });
        return AdaptiveCardInvokeResponse.Card(card);
    }

    private static AdaptiveCardInvokeResponse StaleCard(string complaintId) =>
        AdaptiveCardInvokeResponse.Error(400, "StaleCard", $"Complaint {complaintId} no longer exists; this card is out of date.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Card action {Verb} on complaint {ComplaintId} by {ActorId}: now version {Version}")]
    private static partial void LogApplied(ILogger logger, string verb, string complaintId, string actorId, long version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card action {Verb} on complaint {ComplaintId} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string verb, string complaintId, RefusalCode code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card action {Verb} on complaint {ComplaintId} by {ActorId} not allowed: {Access}")]
    private static partial void LogNotAllowed(ILogger logger, string verb, string complaintId, string actorId, ActionAccess access);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card action {Verb} on complaint {ComplaintId} lost the race {Attempts} times; the viewer was asked to try again")]
    private static partial void LogGaveUp(ILogger logger, string verb, string complaintId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Card action {Verb} on complaint {ComplaintId} failed; the viewer was asked to try again")]
    private static partial void LogFailed(ILogger logger, string verb, string complaintId, Exception exception);
}

/// <summary>
/// The person who clicked: Entra object id (null for users outside the tenant), Teams id, name, locale, and the
/// conversation the card is in.
/// </summary>
internal sealed record CardUser(string? AadObjectId, string TeamsUserId, string Name, string? Locale, string? ConversationId = null)
{
    public static CardUser From(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var from = activity.From;
        var aadObjectId = string.IsNullOrWhiteSpace(from?.AadObjectId) ? null : from.AadObjectId.Trim();
        var name = string.IsNullOrWhiteSpace(from?.Name) ? aadObjectId ?? "unknown" : from.Name.Trim();
        return new CardUser(aadObjectId, from?.Id ?? string.Empty, name, activity.Locale, activity.Conversation?.Id) { TimeZone = activity.LocalTimezone };
    }

    public ComplaintViewer ComplaintViewer => new(AadObjectId, ConversationId);

    /// <summary>The clicker's IANA time zone (<c>localTimezone</c>), for the service-level deadlines on their card.</summary>
    public string? TimeZone { get; init; }

    public CardViewer Viewer(CardViewerRole role) => new(AadObjectId ?? string.Empty, Name, role);
}
