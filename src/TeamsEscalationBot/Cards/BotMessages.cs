using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>An @mention the bot makes itself: the person's id (Teams or Entra), the name to show, and their Entra object id when known.</summary>
internal sealed record MessageMention(string Id, string Name, string? AadObjectId = null)
{
    /// <summary>A mention of a whole channel: <see cref="Id"/> is the channel's conversation id, <see cref="Name"/> the name shown.</summary>
    public bool IsChannel { get; init; }

    public static MessageMention Channel(string channelId, string name) => new(channelId, name) { IsChannel = true };
}

/// <summary>
/// Every message the bot sends is made here, so each has its <c>textFormat</c> and text from outside is never read as
/// markup: the bot's own words alone go as <c>markdown</c> (they mark commands <c>**bold**</c>); anything with text
/// from outside (names, notes, what was typed) goes as <c>xml</c>, the outside text made inert
/// (<see cref="CardText.Inert"/>) and written with character references for what HTML or markdown would read
/// (<c>&lt; &gt; &amp; [ ] * _ ` ~ # \ { } $</c>), so it shows exactly as typed. The only <c>&lt;at&gt;</c> tags are
/// the bot's own mentions, each with its mention entity. Cards go with <c>plain</c> (they carry no text).
/// </summary>
internal static partial class BotMessages
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";

    /// <summary>Characters of a notification summary.</summary>
    public const int SummaryChars = 200;

    /// <summary>A card message; its <paramref name="summary"/> (the notification's text) is plain and may hold outside text.</summary>
    public static Activity Card(AdaptiveCard card, string? summary = null)
    {
        ArgumentNullException.ThrowIfNull(card);
        var message = MessageFactory.Attachment(Attachment.AdaptiveCard(card));
        message.TextFormat = Plain;
        message.Summary = summary is null ? null : Summary(summary);
        return message;
    }

    /// <summary>The bot's own words, nothing from outside (commands may be marked <c>**bold**</c>).</summary>
    public static Activity Own(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var message = MessageFactory.Text(text);
        message.TextFormat = Markdown;
        return message;
    }

    /// <summary>The text <paramref name="key"/> with outside values in its placeholders, shown as typed.</summary>
    public static Activity Format(Texts texts, string key, params string[] outside)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(outside);
        return XmlMessage(string.Format(texts.Culture, Markup(texts[key]), [.. outside.Select(Escape)]), []);
    }

    /// <summary>The text <paramref name="key"/> whose <c>{0}</c> is an @mention of <paramref name="mention"/>.</summary>
    public static Activity Mentioning(Texts texts, string key, MessageMention mention)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(mention);
        var tag = Tag(mention);
        return XmlMessage(string.Format(texts.Culture, Markup(texts[key]), tag), [(mention, tag)]);
    }

    /// <summary>
    /// The text <paramref name="key"/> whose <c>{0}</c> is @mentions of every one of <paramref name="mentions"/> (a person
    /// or a channel, separated by commas) and whose <c>{1}</c>, <c>{2}</c>… are outside values, shown as typed.
    /// </summary>
    public static Activity Mentioning(Texts texts, string key, IReadOnlyList<MessageMention> mentions, params string[] outside)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(mentions);
        ArgumentNullException.ThrowIfNull(outside);
        var tagged = mentions.Select(m => (m, Tag(m))).ToList();
        var list = string.Join(", ", tagged.Select(t => t.Item2));
        return XmlMessage(string.Format(texts.Culture, Markup(texts[key]), [list, .. outside.Select(Escape)]), tagged);
    }

    /// <summary>A line of outside text (an audit line with names and notes), followed by an @mention when given.</summary>
    public static Activity Line(string outside, MessageMention? mention = null)
    {
        ArgumentNullException.ThrowIfNull(outside);
        if (mention is null)
        {
            return XmlMessage(Escape(outside), []);
        }

        var tag = Tag(mention);
        return XmlMessage($"{Escape(outside)} {tag}", [(mention, tag)]);
    }

    /// <summary>A text message with a card under it (the card's notification summary as in <see cref="Card"/>).</summary>
    public static Activity WithCard(Activity text, AdaptiveCard card, string? summary = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var message = Card(card, summary);
        message.Text = text.Text;
        message.TextFormat = text.TextFormat;
        message.Entities = text.Entities;
        return message;
    }

    /// <summary>Outside text for an xml message: inert, on one line, and every character HTML or markdown would read written as a reference.</summary>
    public static string Escape(string? outside)
    {
        var inert = CardText.Inert(outside);
        var escaped = new StringBuilder(inert.Length + 16);
        foreach (var c in inert)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\n' or '\r' or '\t' => escaped.Append(' '),
                '[' or ']' or '*' or '_' or '`' or '~' or '#' or '\\' or '{' or '}' or '$' =>
                    escaped.Append("&#").Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';'),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>The bot's own text for an xml message: HTML's three characters escaped, <c>**bold**</c> as <c>&lt;b&gt;</c>.</summary>
    private static string Markup(string own) =>
        Bold().Replace(own.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal), "<b>$1</b>");

    private static string Tag(MessageMention mention) => $"<at>{Escape(CardText.Truncate(mention.Name, CardBudget.NameChars))}</at>";

    private static Activity XmlMessage(string text, List<(MessageMention Mention, string Tag)> mentions)
    {
        var message = MessageFactory.Text(text);
        message.TextFormat = Xml;
        if (mentions.Count > 0)
        {
            message.Entities = [.. mentions.Select(m => Entity.Mention(Mentioned(m.Mention), m.Tag))];
        }

        return message;
    }

    /// <summary>The mentioned account; a channel is marked with <c>conversationIdentityType: channel</c>, as Teams expects.</summary>
    private static ChannelAccount Mentioned(MessageMention who)
    {
        var name = CardText.Truncate(CardText.Inert(who.Name), CardBudget.NameChars);
        var account = new ChannelAccount { Id = who.Id, Name = name, AadObjectId = who.IsChannel ? null : who.AadObjectId };
        if (who.IsChannel)
        {
            account.Properties = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["conversationIdentityType"] = System.Text.Json.JsonSerializer.SerializeToElement("channel"),
            };
        }

        return account;
    }

    /// <summary>A summary is plain text: inert, without angle brackets (so no tag can be read into it), and short.</summary>
    private static string Summary(string summary) =>
        CardText.Truncate(CardText.Inert(summary).Replace("<", string.Empty, StringComparison.Ordinal).Replace(">", string.Empty, StringComparison.Ordinal), SummaryChars);

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
