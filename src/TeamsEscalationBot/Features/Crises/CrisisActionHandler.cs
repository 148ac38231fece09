using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// <c>crisis.handled</c> on a crisis alert card: an executive (<c>Executives:UserIds</c>) or a lead of a department
/// involved marks the crisis handled. The crisis closes (its state is written with a version check, like every
/// detector change) and the alert worker updates every alert card and banner to say who handled it and when; the
/// clicker gets the updated card at once. Anyone else gets the card with a notice saying who may.
/// </summary>
internal sealed partial class CrisisActionHandler(
    CrisisWatch watch,
    ICrisisStore store,
    CrisisCardBuilder cards,
    ComplaintRouter router,
    IOptions<ExecutiveOptions> executives,
    ILogger<CrisisActionHandler> logger) : ICardActionHandler
{
    public bool CanHandle(string verb) => verb == CardVerbs.CrisisHandled;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(invokeValue);
        var activity = turnContext.Activity;
        var texts = Texts.For(activity.Locale);
        if (CrisisCardBuilder.ReadCrisisId(invokeValue.Action?.Data) is not { Length: > 0 } crisisId)
        {
            return AdaptiveCardInvokeResponse.Error(400, "MissingCrisis", "This card does not say which crisis it is about.");
        }

        var record = (await store.GetAsync(crisisId, cancellationToken))?.Value;
        var snapshot = await watch.SnapshotAsync(cancellationToken, fresh: true);
        var crisis = snapshot.Crises.FirstOrDefault(c => c.Id == crisisId) ?? record?.Crisis;
        if (crisis is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "StaleCard", $"Crisis {crisisId} is not known.");
        }

        var departments = Departments(crisis, record);
        var names = departments.Select(id => router.FindDepartment(id)?.Name ?? id).ToList();
        var clicker = activity.From?.AadObjectId;
        if (!MayHandle(clicker, departments))
        {
            LogRefused(logger, crisisId, clicker ?? "unknown");
            return Card(cards.Alert(crisis, names, activity.Locale, new CardNotice(texts["Crisis_Notice_NotAllowed"], CardNoticeKind.Warning)));
        }

        if (!snapshot.Crises.Any(c => c.Id == crisisId))
        {
            return Card(cards.Alert(crisis, names, activity.Locale, new CardNotice(texts["Crisis_Notice_Unknown"], CardNoticeKind.Warning)) with { Actions = null });
        }

        var by = string.IsNullOrWhiteSpace(activity.From?.Name) ? clicker! : activity.From!.Name!;
        var handled = await watch.MarkHandledAsync(crisisId, by, cancellationToken);
        if (handled is null)
        {
            return Card(cards.Alert(crisis, names, activity.Locale, new CardNotice(texts["Crisis_Notice_Unknown"], CardNoticeKind.Warning)) with { Actions = null });
        }

        LogHandled(logger, crisisId, clicker!);
        return Card(cards.Alert(handled, names, activity.Locale, new CardNotice(texts["Crisis_Notice_Handled"], CardNoticeKind.Info)));
    }

    private bool MayHandle(string? aadObjectId, IReadOnlyList<string> departmentIds)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return false;
        }

        return executives.Value.UserIds.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase)
            || departmentIds.Select(router.FindDepartment).OfType<Department>()
                .Any(d => d.LeadUserIds.Contains(aadObjectId, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The departments involved as the alerts found them, and a department crisis's own department.</summary>
    private static List<string> Departments(Crisis crisis, CrisisRecord? record)
    {
        var departments = record?.DepartmentIds.ToList() ?? [];
        if (crisis.Trait.Kind == CrisisTraitKind.Department && !departments.Contains(crisis.Trait.Value, StringComparer.OrdinalIgnoreCase))
        {
            departments.Add(crisis.Trait.Value);
        }

        return departments;
    }

    private static AdaptiveCardInvokeResponse Card(AdaptiveCard card) => AdaptiveCardInvokeResponse.Card(card);

    [LoggerMessage(Level = LogLevel.Information, Message = "Crisis {CrisisId} marked handled by {AadObjectId}")]
    private static partial void LogHandled(ILogger logger, string crisisId, string aadObjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId}: {AadObjectId} may not mark it handled")]
    private static partial void LogRefused(ILogger logger, string crisisId, string aadObjectId);
}
