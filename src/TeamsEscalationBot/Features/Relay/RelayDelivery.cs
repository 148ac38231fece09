using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>The person an answer is for: Entra object id and name, as far as they are known.</summary>
internal sealed record RelayRecipient(string? AadObjectId, string? DisplayName);

/// <summary>What one delivery attempt came to.</summary>
internal abstract record DeliveryOutcome
{
    /// <summary>The card is there: the conversation (1:1 chat or channel thread) and the card's activity id.</summary>
    public sealed record Delivered(string ConversationId, string ActivityId) : DeliveryOutcome;

    /// <summary>Worth trying again later (throttled, Teams or Graph unavailable, an installation not yet effective).</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null) : DeliveryOutcome;

    /// <summary>Trying again will not help: the answer has to go another way.</summary>
    public sealed record Impossible(string Reason) : DeliveryOutcome;
}

/// <summary>
/// Puts the relay card in front of people: a community manager's 1:1 chat (found, created, or created after
/// installing the app for them through Graph), a channel (a new thread), or, when those are impossible, the
/// complaint's department thread with an @mention. It records nothing on the complaint (<see cref="RelayRecorder"/>
/// does); the 1:1 chat is found or opened by <see cref="PersonalChats"/>.
/// </summary>
internal sealed class RelayDelivery(
    IConnectorClient connector,
    IInstallationStore installations,
    IDirectory directory,
    ComplaintRouter router,
    RelayCardBuilder cards,
    IOptions<TeamsAppOptions> teams,
    IOptions<BotFrameworkOptions> bot,
    PersonalChats chats,
    TimeProvider time)
{
    /// <summary>The requester as a recipient: by object id, or by UPN looked up in the directory.</summary>
    public async Task<(RelayRecipient Recipient, DeliveryOutcome? Problem)> ResolveAsync(Requester requester, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var name = requester.DisplayName ?? requester.Upn;
        if (requester.AadObjectId is { Length: > 0 } id)
        {
            return (new RelayRecipient(id, requester.DisplayName), null);
        }

        if (requester.Upn is not { Length: > 0 } upn)
        {
            return (new RelayRecipient(null, name), new DeliveryOutcome.Impossible("The requester has neither an Entra object id nor a UPN."));
        }

        var user = await directory.GetUserAsync(upn, cancellationToken);
        return user.Match<(RelayRecipient, DeliveryOutcome?)>(
            found => (new RelayRecipient(found.AadObjectId, requester.DisplayName ?? found.DisplayName), null),
            () => (new RelayRecipient(null, name), new DeliveryOutcome.Impossible("The requester's UPN is not in the directory.")),
            unavailable => (new RelayRecipient(null, name), new DeliveryOutcome.Transient($"The directory could not resolve the requester's UPN: {unavailable.Reason}", unavailable.RetryAfter)));
    }

    /// <summary>Recorded as the card's activity id when Teams did not return one: such a card cannot be replaced later.</summary>
    public const string UnknownActivityId = "unknown";

    /// <summary>The relay card in the community manager's 1:1 chat with the bot (<see cref="PersonalChats"/>).</summary>
    public Task<DeliveryOutcome> ToCommunityManagerAsync(Complaint complaint, string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return ToPersonalChatAsync(
            aadObjectId, RelayMessage(complaint), router.FindDepartment(complaint.DepartmentId)?.TeamId, "the community manager", cancellationToken);
    }

    /// <summary>
    /// A message in a person's 1:1 chat with the bot (the relay card, an executive's digest), through
    /// <see cref="PersonalChats"/>: the stored chat, else one opened now (installing the app through Graph if needed).
    /// <paramref name="subject"/> names the recipient in logs.
    /// </summary>
    public async Task<DeliveryOutcome> ToPersonalChatAsync(
        string aadObjectId, Activity message, string? teamId, string subject, CancellationToken cancellationToken) =>
        await chats.SendAsync(aadObjectId, teamId, message, subject, cancellationToken) switch
        {
            PersonalChatOutcome.Delivered sent => Delivered(sent.ConversationId, sent.ActivityId),
            PersonalChatOutcome.Transient later => new DeliveryOutcome.Transient(later.Reason, later.RetryAfter),
            PersonalChatOutcome.Impossible never => new DeliveryOutcome.Impossible(never.Reason),
            _ => throw new InvalidOperationException("Unknown personal chat outcome."),
        };

    /// <summary>The relay card as a new thread in a default target's channel.</summary>
    public async Task<DeliveryOutcome> ToChannelAsync(Complaint complaint, RelayTargetOptions target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(target);
        var message = RelayMessage(complaint);
        return await GuardAsync(async () =>
        {
            var (serviceUrl, tenantId) = await EndpointAsync(target.TeamId, cancellationToken);
            var created = await connector.CreateChannelThreadAsync(serviceUrl, target.ChannelId!, tenantId, message, cancellationToken);
            var threadId = Present(created.Id);
            var activityId = Present(created.ActivityId) ?? ConnectorClientExtensions.ThreadRootActivityId(threadId) ?? string.Empty;
            return Delivered(threadId ?? ConnectorClientExtensions.ThreadConversationId(target.ChannelId!, activityId), activityId);
        });
    }

    /// <summary>
    /// The relay card in the complaint's own channel thread, with an @mention of <paramref name="recipient"/> when their
    /// object id is known: the answer is never dropped silently.
    /// </summary>
    public async Task<DeliveryOutcome> ToDepartmentThreadAsync(Complaint complaint, RelayRecipient? recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (complaint.CurrentCard is not { } card || router.FindDepartment(complaint.DepartmentId) is not { } department)
        {
            return new DeliveryOutcome.Impossible("The complaint has no card in its department's channel to post the answer under.");
        }

        var texts = Texts.For(complaint.Language);
        Activity text;
        if (recipient?.AadObjectId is { } id)
        {
            var name = recipient.DisplayName ?? await NameOfAsync(id, texts, cancellationToken);
            text = BotMessages.Mentioning(texts, "Relay_Fallback_Mention", new MessageMention(id, name, id));
        }
        else if (recipient?.DisplayName is { } name)
        {
            // Without an object id Teams cannot notify them; the name still tells the channel whose answer it is.
            text = BotMessages.Format(texts, "Relay_Fallback_Mention", name);
        }
        else
        {
            text = BotMessages.Own(texts["Relay_Fallback_NoRecipient"]);
        }

        var message = RelayMessage(complaint, text);

        return await GuardAsync(async () =>
        {
            var (serviceUrl, _) = await EndpointAsync(department.TeamId, cancellationToken);
            var sent = await connector.SendToConversationAsync(serviceUrl, card.ConversationId, message, cancellationToken);
            return Delivered(card.ConversationId, sent.Id);
        });
    }

    /// <summary>Replaces a delivered relay card with the complaint as it is now (e.g. the answer withdrawn, no buttons).</summary>
    public async Task<DeliveryOutcome> ReplaceAsync(Complaint complaint, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var message = RelayMessage(complaint);
        message.Id = activityId;
        return await GuardAsync(async () =>
        {
            var serviceUrl = await ServiceUrlOfAsync(complaint, conversationId, cancellationToken);
            await connector.UpdateActivityAsync(serviceUrl, conversationId, activityId, message, cancellationToken);
            return Delivered(conversationId, activityId);
        });
    }

    /// <summary>The requester's personal chat knows its own service URL; otherwise the one the card was sent with.</summary>
    private async Task<string> ServiceUrlOfAsync(Complaint complaint, string conversationId, CancellationToken cancellationToken)
    {
        if (complaint.Requester?.AadObjectId is { Length: > 0 } id
            && await installations.FindPersonalAsync(id, cancellationToken) is { } chat
            && string.Equals(chat.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return chat.ServiceUrl;
        }

        return (await EndpointAsync(router.FindDepartment(complaint.DepartmentId)?.TeamId, cancellationToken)).ServiceUrl;
    }

    /// <summary>The person's name for an @mention; a mention needs some text, so a generic one when the directory cannot say.</summary>
    private async Task<string> NameOfAsync(string aadObjectId, Texts texts, CancellationToken cancellationToken)
    {
        var user = await directory.GetUserAsync(aadObjectId, cancellationToken);
        return user.Match<string?>(found => found.DisplayName, () => null, _ => null) ?? texts["Relay_Fallback_SomeoneName"];
    }

    /// <summary>Turns the ways a Connector call fails into outcomes (<see cref="ProactiveCalls.GuardAsync"/>).</summary>
    private static Task<DeliveryOutcome> GuardAsync(Func<Task<DeliveryOutcome>> deliver) => ProactiveCalls.GuardAsync(
        deliver,
        (reason, retryAfter) => new DeliveryOutcome.Transient(reason, retryAfter),
        reason => new DeliveryOutcome.Impossible(reason),
        "answer");

    /// <summary>The relay card as a message, under <paramref name="text"/> when given (the department thread's fallback post).</summary>
    private Activity RelayMessage(Complaint complaint, Activity? text = null)
    {
        var card = cards.Build(complaint, complaint.Language, time.GetUtcNow(), CardDepartment.All(router));
        var summary = Texts.For(complaint.Language).Format("Relay_Title", complaint.Id);
        return text is null ? BotMessages.Card(card, summary) : BotMessages.WithCard(text, card, summary);
    }

    /// <summary>The service URL and tenant for proactive calls: the team's installation when the bot knows it, else the defaults.</summary>
    private Task<(string ServiceUrl, string TenantId)> EndpointAsync(string? teamId, CancellationToken cancellationToken) =>
        ProactiveCalls.EndpointAsync(installations, teamId, teams.Value, bot.Value, cancellationToken);

    // Teams may answer 201/202 without an id; the domain needs one (a card recorded so is never replaced later).
    private static DeliveryOutcome.Delivered Delivered(string conversationId, string? activityId) =>
        new(conversationId, string.IsNullOrWhiteSpace(activityId) ? UnknownActivityId : activityId);

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
