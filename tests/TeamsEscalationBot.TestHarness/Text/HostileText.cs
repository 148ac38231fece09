using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TeamsEscalationBot.TestHarness.Text;

/// <summary>
/// Strings an outsider may put in a complaint, a name or a card input to make the bot say something it did not mean
/// (a link, an image, an @mention of everyone, markup, a template or date function, invisible or reordering
/// characters, a word too long for a card), and the checks that a card or message shows them as plain text.
/// </summary>
internal static partial class HostileText
{
    /// <summary>The letters of <see cref="LongWord"/>: a run of them in a TextBlock means outside text got there.</summary>
    public const string LongWordMark = "ZqZqZqZq";

    /// <summary>One word of 10 000 characters.</summary>
    public static readonly string LongWord = string.Concat(Enumerable.Repeat("Zq", 5_000));

    /// <summary>Most of the corpus in one string short enough for any field (at most 200 characters).</summary>
    public const string Compact =
        "[Verify](https://evil.example) ![x](https://evil.example/x.png) Ana</at><at>Everyone</at> <b>b</b> ${x} {{DATE(2026-01-01T00:00:00Z, SHORT)}} \u200B\u2060\u202Egnp";

    public static IReadOnlyList<string> Corpus { get; } =
    [
        "[Verify your account](https://evil.example) **now**",
        "![x](https://evil.example/x.png)",
        "<at>Everyone</at>",
        "Ana</at><at>Everyone</at>",
        "<b>urgent</b><script>alert(1)</script>",
        "${user.name} ${if(true, 'a', 'b')}",
        "{{DATE(2026-01-01T00:00:00Z, SHORT)}} {{TIME(2026-01-01T00:00:00Z)}}",
        "Ana\u200BRuiz\u2060 \uFEFFhidden",
        "invoice\u202Efdp.exe \u2066isolated\u2069",
        "_italic_ `code` ~~gone~~\n- listed\n# heading",
        LongWord,
        "[Verify your account](https://evil.example) ![x](https://evil.example/x.png) </at><at>Everyone</at> <b>b</b> ${x} {{DATE(2026-01-01T00:00:00Z, SHORT)}} \u200B\u2060\u202E " + LongWord[..300],
    ];

    /// <summary>The corpus as MSTest dynamic data: each string's index (test names stay short; read it from <see cref="Corpus"/>).</summary>
    public static IEnumerable<object[]> Indexes() => Corpus.Select((_, i) => new object[] { i });

    /// <summary>Characters that hide text or reorder it on screen: bidi controls and zero-width or invisible formatting.</summary>
    public static bool IsInvisible(char c) =>
        c is '\u200B' or '\u2060' or '\uFEFF' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E'
            or '\u2066' or '\u2067' or '\u2068' or '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>
    /// What in a card would make Teams (or the official renderer) interpret outside text, as "path: problem"; empty when
    /// the card shows everything literally. Text that Teams reads as markdown (TextBlock, fact titles and values) and
    /// the card's own words (titles, labels, fallback) must hold no outside text at all; everything a person sees must
    /// be free of invisible characters and of template and date functions.
    /// </summary>
    public static IReadOnlyList<string> CardProblems(JsonNode? card)
    {
        var problems = new List<string>();
        Walk(card, "$", problems, markdown: false);
        if (card?["msteams"]?["entities"] is JsonArray { Count: > 0 })
        {
            problems.Add("$.msteams.entities: a card must not @mention anyone");
        }

        return problems;
    }

    /// <summary>
    /// What in an outgoing activity would make Teams interpret outside text: a missing <c>textFormat</c>, an
    /// <c>&lt;at&gt;</c> that is not one of the bot's own mention entities, markdown or markup from outside in the
    /// text, invisible characters; and the problems of every card it carries.
    /// </summary>
    public static IReadOnlyList<string> MessageProblems(JsonNode? activity)
    {
        var problems = new List<string>();
        if (activity is null)
        {
            return ["no activity"];
        }

        var format = activity["textFormat"]?.GetValue<string>();
        if (format is not ("plain" or "markdown" or "xml"))
        {
            problems.Add($"textFormat is '{format ?? "(none)"}', not plain, markdown or xml");
        }

        var text = activity["text"]?.GetValue<string>() ?? string.Empty;
        var mentions = (activity["entities"] as JsonArray ?? [])
            .Where(e => e?["type"]?.GetValue<string>() == "mention")
            .Select(e => e!["text"]?.GetValue<string>() ?? string.Empty)
            .ToList();
        var withoutMentions = mentions.Aggregate(text, (current, mention) => current.Replace(mention, " ", StringComparison.Ordinal));
        if (AtTag().IsMatch(withoutMentions))
        {
            problems.Add($"text has an <at> tag that is not one of the bot's mentions: {Shorten(text)}");
        }

        foreach (var mention in mentions)
        {
            if (!text.Contains(mention, StringComparison.Ordinal))
            {
                problems.Add($"mention '{mention}' is not in the text");
            }

            if (AtTag().Count(mention) != 2 || InvisibleIn(mention))
            {
                problems.Add($"mention text '{Shorten(mention)}' holds tags or invisible characters of its own");
            }
        }

        if (InvisibleIn(text))
        {
            problems.Add($"text has invisible characters: {Shorten(text)}");
        }

        // xml: the bot's own tags are <b> and its mentions; anything else HTML or markdown would read came from outside.
        var markup = OwnTags().Replace(withoutMentions, string.Empty);
        if (format == "xml" && (markup.Contains('<', StringComparison.Ordinal) || MarkdownLink().IsMatch(markup)
            || markup.Contains("**", StringComparison.Ordinal) || markup.Contains("${", StringComparison.Ordinal) || markup.Contains("{{", StringComparison.Ordinal)))
        {
            problems.Add($"xml text has markup from outside: {Shorten(text)}");
        }

        // markdown and plain carry only the bot's own words: no piece of the corpus may be in them.
        if (format is "markdown" or "plain" && OutsideText(text))
        {
            problems.Add($"{format} text holds outside text: {Shorten(text)}");
        }

        if (activity["summary"]?.GetValue<string>() is { } summary && (InvisibleIn(summary) || AtTag().IsMatch(summary)))
        {
            problems.Add($"summary is not plain: {Shorten(summary)}");
        }

        foreach (var attachment in activity["attachments"] as JsonArray ?? [])
        {
            problems.AddRange(CardProblems(attachment?["content"]).Select(p => "attachment " + p));
        }

        return problems;
    }

    /// <summary>Whether a text the card or bot wrote itself carries a recognisable piece of the corpus.</summary>
    public static bool OutsideText(string text) =>
        text.Contains("evil.example", StringComparison.Ordinal) || text.Contains("Everyone", StringComparison.Ordinal)
        || text.Contains(LongWordMark, StringComparison.Ordinal) || text.Contains("<script", StringComparison.Ordinal)
        || text.Contains("<b>", StringComparison.Ordinal) || text.Contains("${", StringComparison.Ordinal)
        || text.Contains("{{", StringComparison.Ordinal) || MarkdownLink().IsMatch(text) || InvisibleIn(text)
        || text.Contains("~~gone~~", StringComparison.Ordinal) || text.Contains("`code`", StringComparison.Ordinal);

    private static void Walk(JsonNode? node, string path, List<string> problems, bool markdown)
    {
        switch (node)
        {
            case JsonObject obj:
                var type = obj["type"]?.GetValue<string>();
                foreach (var (key, value) in obj)
                {
                    var at = $"{path}.{key}";
                    if (key is "data" || (key == "value" && type is "Input.ChoiceSet") || (key == "value" && path.Contains(".choices", StringComparison.Ordinal)))
                    {
                        continue; // Not shown: action data, and the values behind choices.
                    }

                    if (value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        Check(at, s, problems, Role(type, key, path));
                    }
                    else
                    {
                        Walk(value, at, problems, markdown);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", problems, markdown);
                }

                break;
        }
    }

    private enum TextRole
    {
        /// <summary>Not text a person reads (types, ids, urls, styles).</summary>
        None,

        /// <summary>Shown literally (TextRun, input value, choice title): outside text may be here, made inert.</summary>
        Literal,

        /// <summary>Markdown in Teams, or the card's own words: no outside text at all.</summary>
        Own,
    }

    private static TextRole Role(string? type, string key, string path) => (type, key) switch
    {
        ("TextRun", "text") => TextRole.Literal,
        ("Input.Text", "value") => TextRole.Literal,
        (_, "title") when path.Contains(".choices", StringComparison.Ordinal) => TextRole.Literal,
        ("TextBlock", "text") => TextRole.Own,
        (_, "title" or "value") when path.Contains(".facts", StringComparison.Ordinal) => TextRole.Own,
        (_, "title" or "label" or "placeholder" or "errorMessage" or "fallbackText" or "text") => TextRole.Own,
        _ => TextRole.None,
    };

    private static void Check(string path, string text, List<string> problems, TextRole role)
    {
        if (role == TextRole.None)
        {
            return;
        }

        if (InvisibleIn(text))
        {
            problems.Add($"{path}: invisible characters in {Shorten(text)}");
        }

        if (text.Contains("${", StringComparison.Ordinal) || text.Contains("{{", StringComparison.Ordinal))
        {
            problems.Add($"{path}: template or date function in {Shorten(text)}");
        }

        if (role == TextRole.Own && OutsideText(text))
        {
            problems.Add($"{path}: outside text where Teams reads markdown or the card speaks for itself: {Shorten(text)}");
        }
    }

    private static bool InvisibleIn(string text) => text.Any(IsInvisible);

    private static string Shorten(string text)
    {
        var visible = new StringBuilder();
        foreach (var c in text.Length > 160 ? text[..160] + "…" : text)
        {
            visible.Append(IsInvisible(c) ? $"\\u{(int)c:X4}" : c.ToString(CultureInfo.InvariantCulture));
        }

        return visible.ToString();
    }

    [GeneratedRegex(@"</?at\b", RegexOptions.IgnoreCase)]
    private static partial Regex AtTag();

    /// <summary>The tags the bot writes itself in xml messages.</summary>
    [GeneratedRegex("</?b>")]
    private static partial Regex OwnTags();

    [GeneratedRegex(@"!?\[[^\]]*\]\s*\(")]
    private static partial Regex MarkdownLink();
}
