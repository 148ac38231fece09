using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>Turns what a digest shows into the message sent to the recipient's chat.</summary>
internal interface IDigestMessages
{
    Activity Compose(DigestCardInput input);
}

/// <summary>The digest card (<see cref="DigestCardBuilder"/>) as a message, with a notification summary in the recipient's language.</summary>
internal sealed class DigestMessages(DigestCardBuilder cards) : IDigestMessages
{
    public Activity Compose(DigestCardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var texts = Texts.For(input.Locale);
        return BotMessages.Card(cards.Build(input), texts[input.Cadence == DigestCadence.Daily ? "Digest_Title_Daily" : "Digest_Title_Weekly"]);
    }
}
