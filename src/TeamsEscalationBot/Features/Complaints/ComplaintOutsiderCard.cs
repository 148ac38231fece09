using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;
using static TeamsEscalationBot.Cards.CardBlocks;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// The complaint card of someone who may only know that the complaint exists (<see cref="ComplaintVisibility.Outsider"/>):
/// its id, state and department, the notice, and nothing the complaint says or anybody's name. It keeps the card's
/// refresh, and offers "Try again" when the directory could not say who the viewer is.
/// </summary>
internal static class ComplaintOutsiderCard
{
    public static AdaptiveCard Build(Complaint complaint, ComplaintCardContext context)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(context);
        var texts = Texts.For(context.Locale);
        var department = CardDepartment.NameOf(context.Departments, complaint.DepartmentId);
        var state = CardWords.State(texts, complaint.State);
        var data = CardData.ForComplaint(complaint, (CardDataKeys.DepartmentId, context.CardDepartmentId ?? complaint.DepartmentId));
        var userIds = context.RefreshUserIds.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).Take(CardBudget.MaxRefreshUserIds).ToList();
        return new AdaptiveCard
        {
            FallbackText = texts.Format("Card_Fallback", complaint.Id, state, department),
            Refresh = new CardRefresh(new ExecuteAction(texts["Card_Action_Refresh"], CardVerbs.Refresh) { Data = data }, userIds.Count == 0 ? null : userIds),
            Body =
            [
                .. Notice(context.Notice),
                new TextBlock(texts.Format("Card_Title", complaint.Id)) { Weight = "Bolder" },
                new FactSet([new(texts["Card_Fact_Department"], department), new(texts["Card_Fact_State"], state)]),
                new TextBlock(texts.Format("Card_Outsider", department)) { IsSubtle = true, Size = "Small" },
            ],
            Actions = context.Sight.DirectoryUnavailable
                ? [new ExecuteAction(texts["Card_Action_TryAgain"], CardVerbs.Refresh) { Data = data, AssociatedInputs = "none" }]
                : null,
        };
    }
}
