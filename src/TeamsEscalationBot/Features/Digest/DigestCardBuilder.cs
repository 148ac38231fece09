using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// PLACEHOLDER until the digest card lands: a title and, per department, its name and "received N · closed M". Only the signature
/// (<see cref="Build"/> over a <see cref="DigestCardInput"/>) is the contract the delivery relies on.
/// </summary>
internal sealed class DigestCardBuilder
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "The digest card's contract is an instance method of a registered service.")]
    public AdaptiveCard Build(DigestCardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var texts = Texts.For(input.Locale);
        var title = texts[input.Cadence == DigestCadence.Daily ? "Digest_Title_Daily" : "Digest_Title_Weekly"];
        return new AdaptiveCard
        {
            FallbackText = title,
            Body =
            [
                new TextBlock(title) { Size = "Medium", Weight = "Bolder" },
                .. input.Summary.Departments.SelectMany(d => new CardElement[]
                {
                    CardBlocks.Strong(CardText.Truncate(d.Name, 80)),
                    new TextBlock(texts.Format("Digest_DepartmentLine", d.Figures.Received, d.Figures.Closed)) { Spacing = "None" },
                }),
            ],
        };
    }
}
