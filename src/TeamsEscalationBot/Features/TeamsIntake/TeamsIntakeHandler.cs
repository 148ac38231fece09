using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>
/// <c>intake.submit</c>: the community manager's intake card becomes a complaint (source <c>teams</c>, external id =
/// the form's submission id, the CM as requester). Problems re-show the form with the values and the problems; a
/// good submission answers with the confirmation card (id, department and why).
/// </summary>
internal sealed partial class TeamsIntakeHandler(ComplaintService complaints, ComplaintRouter router, ILogger<TeamsIntakeHandler> logger)
    : ICardActionHandler
{
    public const string Source = "teams";

    public bool CanHandle(string verb) => verb == CardVerbs.IntakeSubmit;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(invokeValue);
        var activity = turnContext.Activity;
        var departments = CardDepartment.All(router);
        var values = IntakeValues.FromData(invokeValue.Action?.Data);
        if (string.IsNullOrWhiteSpace(values.SubmissionId) || values.SubmissionId.Length > ComplaintLimits.MaxShortFieldLength)
        {
            return AdaptiveCardInvokeResponse.Error(400, "MissingSubmissionId", "This intake card is incomplete; type 'new' for a fresh one.");
        }

        var problems = values.Validate(departments);
        if (problems.Count > 0)
        {
            return AdaptiveCardInvokeResponse.Card(IntakeCards.Form(activity.Locale, departments, values, problems));
        }

        var result = await complaints.SubmitAsync(ToSubmission(values, activity), CommunityManager(activity), cancellationToken);
        switch (result)
        {
            case SubmitResult.Created { Complaint: var created }:
                LogSubmitted(logger, created.Id, activity.From?.AadObjectId);
                return AdaptiveCardInvokeResponse.Card(IntakeCards.Confirmation(created, activity.Locale, departments));
            case SubmitResult.AlreadySubmitted { Complaint: var same }:
                return AdaptiveCardInvokeResponse.Card(IntakeCards.Confirmation(same, activity.Locale, departments));
            case SubmitResult.Conflict { Existing: var existing }:
                // The same form was submitted before with other values: that complaint exists; show it rather than a second one.
                return AdaptiveCardInvokeResponse.Card(IntakeCards.Confirmation(existing, activity.Locale, departments));
            case SubmitResult.Invalid invalid:
                return AdaptiveCardInvokeResponse.Card(IntakeCards.Form(activity.Locale, departments, values, [.. invalid.Errors.Select(ProblemOf).Distinct()]));
            default:
                throw new InvalidOperationException("Unknown submit result.");
        }
    }

    private static ComplaintSubmission ToSubmission(IntakeValues values, Activity activity)
    {
        // An empty network choice means "not said": Other.
        var network = IntakeChoices.TryParseNetwork(values.Network, out var parsedNetwork) ? parsedNetwork : Network.Other;
        var priority = IntakeChoices.TryParsePriority(values.Priority, out var parsed) ? parsed : Priority.Normal;
        var from = activity.From;
        return new ComplaintSubmission
        {
            Source = Source,
            ExternalId = values.SubmissionId!,
            Network = network,
            AuthorHandle = string.IsNullOrWhiteSpace(values.AuthorHandle) ? "unknown" : values.AuthorHandle.Trim(),
            Text = values.Text!.Trim(),
            PostUrl = values.ParsedLink,
            Language = activity.Locale?.Split('-')[0],
            Priority = priority,
            Category = values.ChosenCategory,
            DepartmentId = values.DecideForMe ? null : values.DepartmentId!.Trim(),
            Requester = new Requester(from?.AadObjectId, null, from?.Name, from?.Id),
        };
    }

    private static Actor CommunityManager(Activity activity) =>
        new(activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown", activity.From?.Name ?? "unknown", ActorKind.CommunityManager);

    private static IntakeProblem ProblemOf(SubmissionError error) => error.Field switch
    {
        "text" => IntakeProblem.TextTooLong,
        "postUrl" => IntakeProblem.LinkInvalid,
        "authorHandle" => IntakeProblem.AuthorTooLong,
        "category" => IntakeProblem.CategoryTooLong,
        "department" or "departmentId" => IntakeProblem.DepartmentUnknown,
        "network" => IntakeProblem.NetworkUnknown,
        _ => IntakeProblem.PriorityUnknown,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} submitted in Teams by {RequesterAadObjectId}")]
    private static partial void LogSubmitted(ILogger logger, string complaintId, string? requesterAadObjectId);
}
