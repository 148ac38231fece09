using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.Contracts;

/// <summary>
/// Handles the <c>Action.Execute</c> verbs of one feature (the verbs are in <c>CardVerbs</c>). The bot routes each
/// <c>adaptiveCard/action</c> invoke to the one handler that claims its verb; the answer is the HTTP 200 body
/// (<c>{statusCode, type, value}</c>). Handlers never throw for bad input or business refusals: they answer with a
/// card, a message, or a 400 error body.
/// </summary>
internal interface ICardActionHandler
{
    bool CanHandle(string verb);

    Task<AdaptiveCardInvokeResponse> HandleAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken);
}
