using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness.Playground;

/// <summary>A button on a card: its title, and for <c>Action.Execute</c> the verb and data it sends.</summary>
/// <param name="Form">For <c>Action.ShowCard</c>, the card it opens.</param>
public sealed record CardButton(string Title, string Type, string? Verb, JsonObject? Data, JsonObject? Form);

/// <summary>
/// What a person sees on an Adaptive Card without clicking anything: the text in reading order and the buttons. Forms
/// behind an <c>Action.ShowCard</c> are hidden until its button is pressed (<see cref="FindExecute"/> looks there too).
/// </summary>
public static class CardView
{
    /// <summary>Text blocks, rich text (its runs joined), facts (a FactSet's or a fact row's) as "Title: Value", input labels — in reading order.</summary>
    public static IReadOnlyList<string> Texts(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var texts = new List<string>();
        foreach (var element in Elements(card["body"] as JsonArray))
        {
            switch (element["type"]?.GetValue<string>())
            {
                case "TextBlock":
                    texts.Add(element["text"]?.GetValue<string>() ?? string.Empty);
                    break;
                case "RichTextBlock":
                    texts.Add(string.Concat((element["inlines"] as JsonArray ?? []).Select(i => i is JsonObject run ? run["text"]?.GetValue<string>() : i?.GetValue<string>())));
                    break;
                case "FactSet":
                    texts.AddRange((element["facts"] as JsonArray ?? []).Select(f => $"{f?["title"]}: {f?["value"]}"));
                    break;
                case "ColumnSet" when FactRow(element) is var (title, value):
                    texts.Add($"{title}: {value}");
                    break;
                case string type when type.StartsWith("Input.", StringComparison.Ordinal) && element["label"] is not null:
                    texts.Add(element["label"]!.GetValue<string>());
                    break;
            }
        }

        return texts;
    }

    /// <summary>The card's facts by title: a FactSet's, or the rows of title and value the bot writes facts from outside as.</summary>
    public static IReadOnlyDictionary<string, string> Facts(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in Elements(card["body"] as JsonArray))
        {
            if (element["type"]?.GetValue<string>() == "FactSet")
            {
                foreach (var fact in (element["facts"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    facts[fact["title"]!.GetValue<string>()] = fact["value"]!.GetValue<string>();
                }
            }
            else if (FactRow(element) is var (title, value))
            {
                facts[title] = value;
            }
        }

        return facts;
    }

    /// <summary>The buttons shown: the card's actions and those of action sets in its body.</summary>
    public static IReadOnlyList<CardButton> Buttons(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var actions = (card["actions"] as JsonArray ?? []).Concat(
            Elements(card["body"] as JsonArray).Where(e => e["type"]?.GetValue<string>() == "ActionSet").SelectMany(e => e["actions"] as JsonArray ?? []));
        return [.. actions.OfType<JsonObject>().Select(ToButton)];
    }

    /// <summary>The <c>Action.Execute</c> with <paramref name="verb"/>, on the card or in a form one of its buttons opens.</summary>
    public static CardButton? FindExecute(JsonObject card, string verb)
    {
        ArgumentNullException.ThrowIfNull(card);
        foreach (var button in Buttons(card))
        {
            if (button.Verb == verb)
            {
                return button;
            }

            if (button.Form is not null && FindExecute(button.Form, verb) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    /// <summary>One line for assertion messages.</summary>
    public static string Describe(JsonObject card) =>
        $"[{string.Join(" | ", Texts(card))}] buttons: [{string.Join(", ", Buttons(card).Select(b => b.Title))}]";

    private static CardButton ToButton(JsonObject action) => new(
        action["title"]?.GetValue<string>() ?? string.Empty,
        action["type"]?.GetValue<string>() ?? string.Empty,
        action["verb"]?.GetValue<string>(),
        action["data"] as JsonObject,
        action["card"] as JsonObject);

    /// <summary>
    /// A fact written as a row (a ColumnSet of two weighted columns: the title as a TextBlock, the value as rich text),
    /// as title and value; null for any other element.
    /// </summary>
    private static (string Title, string Value)? FactRow(JsonObject element)
    {
        if (element["type"]?.GetValue<string>() != "ColumnSet" || element["columns"] is not JsonArray { Count: 2 } columns
            || columns[0]?["items"] is not JsonArray { Count: 1 } titles || columns[1]?["items"] is not JsonArray { Count: 1 } values
            || titles[0]?["type"]?.GetValue<string>() != "TextBlock" || values[0]?["type"]?.GetValue<string>() != "RichTextBlock"
            || columns[0]?["width"]?.GetValue<string>() != "1" || columns[1]?["width"]?.GetValue<string>() != "2")
        {
            return null;
        }

        var runs = (values[0]!["inlines"] as JsonArray ?? []).Select(i => i is JsonObject run ? run["text"]?.GetValue<string>() : i?.GetValue<string>());
        return (titles[0]!["text"]!.GetValue<string>(), string.Concat(runs));
    }

    /// <summary>Every element in reading order, descending into containers, columns (but a fact row's) and tables.</summary>
    private static IEnumerable<JsonObject> Elements(JsonArray? items)
    {
        foreach (var element in (items ?? []).OfType<JsonObject>())
        {
            yield return element;
            var children = element["type"]?.GetValue<string>() switch
            {
                "Container" => element["items"] as JsonArray,
                "ColumnSet" when FactRow(element) is not null => null,
                "ColumnSet" => new JsonArray([.. (element["columns"] as JsonArray ?? []).SelectMany(c => c?["items"] as JsonArray ?? []).Select(i => i?.DeepClone())]),
                "Table" => new JsonArray([.. (element["rows"] as JsonArray ?? []).SelectMany(r => r?["cells"] as JsonArray ?? []).SelectMany(c => c?["items"] as JsonArray ?? []).Select(i => i?.DeepClone())]),
                _ => null,
            };
            foreach (var child in Elements(children))
            {
                yield return child;
            }
        }
    }
}
