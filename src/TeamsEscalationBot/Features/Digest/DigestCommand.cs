using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// <c>digest</c> in the personal chat: a recipient (listed, or a member of the recipients' group) gets their daily
/// digest (yesterday in their time zone) at once, as the answer; it is not the scheduled one and is not recorded.
/// Anyone else is told who receives digests and whom to ask.
/// </summary>
internal sealed class DigestCommand(DigestRecipients recipients, DigestDelivery delivery, TimeProvider time)
{
    public async Task<Activity> AnswerAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var texts = Texts.For(activity.Locale);
        if (activity.From?.AadObjectId is not { Length: > 0 } id)
        {
            return BotMessages.Own(texts["Chat_NoIdentity"]);
        }

        if (await recipients.FindAsync(id, cancellationToken) is not { } recipient)
        {
            return BotMessages.Own(texts["Digest_NotARecipient"]);
        }

        var periods = ReportCalendar.Yesterday(time.GetUtcNow(), recipient.TimeZone);
        return await delivery.ComposeAsync(
            new DigestSubject(recipient.AadObjectId, DigestCadence.Daily, periods, recipient.TimeZone, recipient.Departments, recipient.Locale ?? activity.Locale, Late: false),
            cancellationToken);
    }
}
