using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// The second-level notice an executive gets in their 1:1 chat: which complaint, in which department, which target it
/// is late on and since when, its first words, and an "Open card" link to its message in the channel.
/// </summary>
internal static class EscalationNoticeCardBuilder
{
    public static AdaptiveCard Build(Complaint complaint, EscalationStep step, string departmentName, string when, Uri? cardLink, Texts texts)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(texts);
        var sentence = texts.Format(
            $"Escalation_Executive_{step.Target}",
            complaint.Id,
            CardText.Truncate(CardText.Inert(departmentName), CardBudget.ShortFieldChars),
            when);
        IEnumerable<CardElement> Link() => cardLink is null ? [] : [new ActionSet([new OpenUrlAction(texts["Overdue_Action_Open"], cardLink)])];
        var (card, size) = CardBudget.Fit(
            chars => new AdaptiveCard
            {
                FallbackText = texts["Escalation_Executive_Title"],
                Body =
                [
                    new TextBlock(texts["Escalation_Executive_Title"]) { Size = "Medium", Weight = "Bolder", Color = "Attention" },
                    CardBlocks.Plain(sentence) with { Spacing = "Small" },
                    CardBlocks.Plain(CardText.Gist(complaint.Text, chars), subtle: true) with { Spacing = "Small" },
                    .. Link(),
                ],
            },
            CardBudget.ListExcerptChars,
            0);
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("escalation notice", size);
    }
}
