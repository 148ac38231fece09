using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>
/// Dispatches each activity type to a virtual method, like the Agents SDK's ActivityHandler. Unhandled types are
/// ignored (the adapter answers 200); an invoke nobody handles is answered 501.
/// </summary>
public abstract class ActivityHandler : IBot
{
    public virtual Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Type switch
        {
            ActivityTypes.Message => OnMessageAsync(turnContext, cancellationToken),
            ActivityTypes.ConversationUpdate => OnConversationUpdateAsync(turnContext, cancellationToken),
            ActivityTypes.InstallationUpdate => OnInstallationUpdateAsync(turnContext, cancellationToken),
            ActivityTypes.Invoke => DispatchInvokeAsync(turnContext, cancellationToken),
            ActivityTypes.MessageReaction => OnMessageReactionAsync(turnContext, cancellationToken),
            ActivityTypes.MessageUpdate => OnMessageUpdateAsync(turnContext, cancellationToken),
            ActivityTypes.MessageDelete => OnMessageDeleteAsync(turnContext, cancellationToken),
            ActivityTypes.Event => OnEventAsync(turnContext, cancellationToken),
            _ => OnUnrecognizedActivityTypeAsync(turnContext, cancellationToken),
        };
    }

    protected virtual Task OnMessageAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnConversationUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.MembersAdded is { Count: > 0 } added)
        {
            return OnMembersAddedAsync(added, turnContext, cancellationToken);
        }

        if (activity.MembersRemoved is { Count: > 0 } removed)
        {
            return OnMembersRemovedAsync(removed, turnContext, cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>Members (possibly the bot itself: compare with <c>activity.recipient.id</c>) joined the conversation.</summary>
    protected virtual Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnInstallationUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Action switch
        {
            "add" or "add-upgrade" => OnInstallationUpdateAddAsync(turnContext, cancellationToken),
            "remove" or "remove-upgrade" => OnInstallationUpdateRemoveAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Invokes other than <c>adaptiveCard/action</c>. The default has no handler: the adapter answers 501.
    /// Override and return an <see cref="InvokeResponse"/> to handle more invoke names.
    /// </summary>
    protected virtual Task<InvokeResponse> OnInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        throw new InvokeResponseException(501);

    /// <summary>An <c>Action.Execute</c> click or a card refresh (<see cref="AdaptiveCardInvokeValue.IsRefresh"/>).</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardActionAsync(
        ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        Task.FromResult(AdaptiveCardInvokeResponse.Error(501, "NotImplemented", "This app does not handle card actions."));

    protected virtual Task OnMessageReactionAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMessageUpdateAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnMessageDeleteAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnEventAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnUnrecognizedActivityTypeAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DispatchInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        InvokeResponse response;
        try
        {
            response = turnContext.Activity.Name == InvokeNames.AdaptiveCardAction
                ? await AdaptiveCardActionAsync(turnContext, cancellationToken)
                : await OnInvokeAsync(turnContext, cancellationToken);
        }
        catch (InvokeResponseException ex)
        {
            response = ex.ToInvokeResponse();
        }

        if (!turnContext.TurnState.ContainsKey(TurnContext.InvokeResponseKey))
        {
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.InvokeResponse, Value = response }, cancellationToken);
        }
    }

    /// <summary>Teams expects HTTP 200 for every <c>adaptiveCard/action</c>; problems travel in the body's statusCode.</summary>
    private async Task<InvokeResponse> AdaptiveCardActionAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var value = ReadAdaptiveCardValue(turnContext.Activity, out var problem);
        var body = value is null
            ? AdaptiveCardInvokeResponse.Error(400, "BadRequest", problem!)
            : !string.Equals(value.Action!.Type, "Action.Execute", StringComparison.Ordinal)
                ? AdaptiveCardInvokeResponse.Error(400, "NotSupported", $"The action type '{value.Action.Type}' is not supported.")
                : await OnAdaptiveCardActionAsync(turnContext, value, cancellationToken);
        return new InvokeResponse(200, body);
    }

    private static AdaptiveCardInvokeValue? ReadAdaptiveCardValue(Activity activity, out string? problem)
    {
        problem = null;
        if (activity.Value is not JsonElement { ValueKind: JsonValueKind.Object } && activity.Value is not AdaptiveCardInvokeValue)
        {
            problem = activity.Value is null ? "Missing value property" : "Value property is not properly formed";
            return null;
        }

        AdaptiveCardInvokeValue? value;
        try
        {
            value = activity.GetValue<AdaptiveCardInvokeValue>();
        }
        catch (JsonException)
        {
            problem = "Value property is not properly formed";
            return null;
        }

        if (value?.Action is null)
        {
            problem = "Missing action property";
            return null;
        }

        return value;
    }
}
