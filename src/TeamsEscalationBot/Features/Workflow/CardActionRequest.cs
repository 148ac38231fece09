using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// One complaint card action as read from an <c>adaptiveCard/action</c> invoke: the verb, the complaint and the
/// version the card showed, and the inputs the verb needs (already checked: present and not blank where required).
/// </summary>
internal sealed record CardActionRequest(string Verb, string ComplaintId, long CardVersion)
{
    /// <summary>A refresh (<c>trigger: automatic</c> or <c>complaint.refresh</c>): answer with the viewer's card, change nothing.</summary>
    public bool IsRefresh { get; init; }

    /// <summary>Refresh only: the department whose channel shows the card, when it is a configured one.</summary>
    public string? CardDepartmentId { get; init; }

    /// <summary>The note, reason, draft or answer text (null when optional and empty).</summary>
    public string? Text { get; init; }

    /// <summary>Assign: the Entra object id of the person chosen.</summary>
    public string? AssigneeId { get; init; }

    /// <summary>Reassign: the configured id of the department to move to.</summary>
    public string? TargetDepartmentId { get; init; }

    /// <summary>The request, or the 400 error body that says what is wrong with the data (never an exception).</summary>
    public static (CardActionRequest? Request, AdaptiveCardInvokeResponse? Error) Read(AdaptiveCardInvokeValue value, ComplaintRouter router)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(router);
        var verb = value.Action?.Verb ?? string.Empty;
        var data = value.Action?.Data;
        if (!CardData.TryReadComplaint(data, out var complaintId, out var version))
        {
            return Bad("MissingComplaintId", "This card action does not say which complaint it is about (complaintId and version are required).");
        }

        if (!IsValidId(complaintId))
        {
            return Bad("StaleCard", $"'{complaintId}' is not a complaint id; this card is not one of ours or is damaged.");
        }

        var request = new CardActionRequest(verb, complaintId, version);
        if (value.IsRefresh || verb == CardVerbs.Refresh)
        {
            var cardDepartment = router.FindDepartment(CardData.GetString(data, CardDataKeys.DepartmentId))?.Id;
            return (request with { IsRefresh = true, CardDepartmentId = cardDepartment }, null);
        }

        return verb switch
        {
            CardVerbs.Assign => TextOf(data, CardInputs.Assignee) is { } assignee
                ? (request with { AssigneeId = assignee.Trim() }, null)
                : Missing(CardInputs.Assignee),
            CardVerbs.Reassign => ReadReassign(request, data, router),
            CardVerbs.Note => WithText(request, data, CardInputs.NoteText, required: true),
            CardVerbs.Draft => WithText(request, data, CardInputs.AnswerText, required: true),
            CardVerbs.Resolve => WithText(request, data, CardInputs.AnswerText, required: false),
            CardVerbs.Reopen => WithText(request, data, CardInputs.ReopenNote, required: false),
            _ => (request, null),
        };
    }

    private static (CardActionRequest?, AdaptiveCardInvokeResponse?) ReadReassign(
        CardActionRequest request, System.Text.Json.JsonElement? data, ComplaintRouter router)
    {
        if (TextOf(data, CardInputs.ReassignDepartment) is not { } departmentId)
        {
            return Missing(CardInputs.ReassignDepartment);
        }

        if (router.FindDepartment(departmentId.Trim()) is not { } department)
        {
            return Bad("UnknownDepartment", $"'{departmentId}' is not a configured department.");
        }

        return TextOf(data, CardInputs.ReassignReason) is { } reason
            ? (request with { TargetDepartmentId = department.Id, Text = reason }, null)
            : Missing(CardInputs.ReassignReason);
    }

    private static (CardActionRequest?, AdaptiveCardInvokeResponse?) WithText(
        CardActionRequest request, System.Text.Json.JsonElement? data, string input, bool required)
    {
        var text = TextOf(data, input);
        return text is null && required ? Missing(input) : (request with { Text = text }, null);
    }

    /// <summary>An input's value, or null when it is missing, not a string or blank.</summary>
    private static string? TextOf(System.Text.Json.JsonElement? data, string key) =>
        CardData.GetString(data, key) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static (CardActionRequest?, AdaptiveCardInvokeResponse?) Missing(string input) =>
        Bad("MissingInput", $"The input '{input}' is required for this action.");

    private static (CardActionRequest?, AdaptiveCardInvokeResponse?) Bad(string code, string message) =>
        (null, AdaptiveCardInvokeResponse.Error(400, code, message));

    private static bool IsValidId(string id)
    {
        try
        {
            ComplaintStoreRules.ValidateId(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
