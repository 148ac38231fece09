using System.Text.RegularExpressions;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>The command a user typed, without the bot's @mention, markup and surrounding whitespace, lower-cased verb first.</summary>
internal static partial class CommandText
{
    public static string Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? string.Empty;
        foreach (var mention in activity.Entities?.Where(e => e.Type == Entity.MentionType && e.Mentioned?.Id == activity.Recipient?.Id) ?? [])
        {
            if (!string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        text = AtTag().Replace(text, string.Empty);
        return Whitespace().Replace(text, " ").Trim();
    }

    [GeneratedRegex("<at>[^<]*</at>", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
