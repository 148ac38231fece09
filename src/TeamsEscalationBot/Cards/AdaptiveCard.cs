using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.Cards;

/// <summary>
/// Adaptive Card 1.5 as typed records, serialized with the Bot Framework JSON options (camelCase, nulls omitted).
/// Teams supports cards up to 1.5 for bots; Universal Actions (<see cref="ExecuteAction"/>) need 1.4 or later.
/// Measured against the size budget once (<see cref="CardBudget.SizeOf"/>), and sent as the bytes measured.
/// </summary>
internal sealed record AdaptiveCard : IMeasuredJson
{
    public const string CurrentVersion = "1.5";

    /// <summary>Null inside an <see cref="ShowCardAction"/>, where it only costs bytes.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Type { get; init; } = "AdaptiveCard";

    public string Version { get; init; } = CurrentVersion;

    public IReadOnlyList<CardElement> Body { get; init; } = [];

    public IReadOnlyList<CardAction>? Actions { get; init; }

    public CardRefresh? Refresh { get; init; }

    public string? FallbackText { get; init; }

    [JsonPropertyName("msteams")]
    public TeamsCardProperties? MsTeams { get; init; } = TeamsCardProperties.FullWidth;

    /// <summary>A card for <see cref="ShowCardAction"/>: no schema or Teams properties, which only the root card uses.</summary>
    public static AdaptiveCard Nested(IReadOnlyList<CardElement> body, IReadOnlyList<CardAction>? actions = null) => new()
    {
        Schema = null,
        MsTeams = null,
        Body = body,
        Actions = actions,
    };
}

/// <summary>Universal Actions refresh: Teams asks the bot for a fresh card for the listed users (at most 60).</summary>
internal sealed record CardRefresh([property: JsonIgnore] ExecuteAction Action, IReadOnlyList<string>? UserIds)
{
    /// <summary>
    /// The action as Teams reads it: typed as the polymorphic base so that <c>"type": "Action.Execute"</c> is written
    /// (System.Text.Json writes the discriminator only for the declared base type).
    /// </summary>
    [JsonPropertyName("action")]
    [JsonPropertyOrder(-1)]
    public CardAction SerializedAction => Action;
}

internal sealed record TeamsCardProperties
{
    public static readonly TeamsCardProperties FullWidth = new() { Width = "Full" };

    public string? Width { get; init; }

    public IReadOnlyList<CardMention>? Entities { get; init; }
}

internal sealed record CardMention(string Text, CardMentioned Mentioned)
{
    public string Type { get; init; } = "mention";
}

internal sealed record CardMentioned(string Id, string Name);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(Table), "Table")]
[JsonDerivedType(typeof(GroupedVerticalBarChart), "Chart.VerticalBar.Grouped")]
[JsonDerivedType(typeof(LineChart), "Chart.Line")]
internal abstract record CardElement
{
    public string? Id { get; init; }

    public string? Spacing { get; init; }

    public bool? Separator { get; init; }

    public bool? IsVisible { get; init; }

    /// <summary>
    /// What a client shows instead when it does not know this element (a Teams chart outside Teams, an older client):
    /// the same content in elements every renderer knows. Written last, so the element reads first.
    /// </summary>
    [JsonPropertyOrder(1)]
    public CardElement? Fallback { get; init; }
}

internal sealed record TextBlock(string Text) : CardElement
{
    public bool? Wrap { get; init; } = true;
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public int? MaxLines { get; init; }
    public string? HorizontalAlignment { get; init; }
    public string? Style { get; init; }
}

/// <summary>Text shown as is: Teams renders markdown in <see cref="TextBlock"/> but never in a <see cref="TextRun"/>.</summary>
internal sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement
{
    public string? HorizontalAlignment { get; init; }
}

internal sealed record TextRun(string Text)
{
    public string Type { get; init; } = "TextRun";
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Italic { get; init; }
}

internal sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public string? Style { get; init; }
    public bool? Bleed { get; init; }
}

internal sealed record ColumnSet(IReadOnlyList<Column> Columns) : CardElement;

internal sealed record Column(IReadOnlyList<CardElement> Items)
{
    public string Type { get; init; } = "Column";
    public string? Width { get; init; }
    public string? VerticalContentAlignment { get; init; }
    public string? Style { get; init; }
}

internal sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;

internal sealed record Fact(string Title, string Value);

internal sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement;

/// <summary>Adaptive Cards 1.5 table: columns by relative width, the first row the header unless told otherwise.</summary>
internal sealed record Table(IReadOnlyList<TableColumnDefinition> Columns, IReadOnlyList<TableRow> Rows) : CardElement
{
    public bool? FirstRowAsHeader { get; init; }
    public bool? ShowGridLines { get; init; }
    public string? GridStyle { get; init; }
}

/// <summary>A table column's relative width (its share of the table's width).</summary>
internal sealed record TableColumnDefinition(int Width)
{
    public string? HorizontalCellContentAlignment { get; init; }
}

internal sealed record TableRow(IReadOnlyList<TableCell> Cells)
{
    public string Type { get; init; } = "TableRow";
    public string? Style { get; init; }
}

internal sealed record TableCell(IReadOnlyList<CardElement> Items)
{
    public string Type { get; init; } = "TableCell";
}

/// <summary>
/// Teams' grouped vertical bar chart: one bar per series for each x value (e.g. received and closed per department).
/// Only Teams draws it; every element of this kind carries a <see cref="CardElement.Fallback"/> with the same numbers.
/// </summary>
internal sealed record GroupedVerticalBarChart(IReadOnlyList<BarChartSeries> Data) : CardElement
{
    /// <summary>The chart's title, read by screen readers; Teams shows it only with <see cref="ShowTitle"/>.</summary>
    public string? Title { get; init; }
    public bool? ShowTitle { get; init; }
    public string? XAxisTitle { get; init; }
    public string? YAxisTitle { get; init; }
    public string? ColorSet { get; init; }
    public bool? ShowLegend { get; init; }
    public bool? ShowBarValues { get; init; }
    public bool? Stacked { get; init; }
}

/// <summary>One series of a bar chart: its legend and one value per x.</summary>
internal sealed record BarChartSeries(string Legend, IReadOnlyList<ChartValue> Values)
{
    public string? Color { get; init; }
}

/// <summary>
/// A data point: the x value (a category, or a <c>YYYY-MM-DD</c> date, which Teams puts on a time axis) and its count.
/// </summary>
internal sealed record ChartValue(string X, int Y);

/// <summary>Teams' line chart: one line per series. Only Teams draws it; see <see cref="GroupedVerticalBarChart"/>.</summary>
internal sealed record LineChart(IReadOnlyList<LineChartSeries> Data) : CardElement
{
    /// <inheritdoc cref="GroupedVerticalBarChart.Title"/>
    public string? Title { get; init; }
    public bool? ShowTitle { get; init; }
    public string? XAxisTitle { get; init; }
    public string? YAxisTitle { get; init; }
    public string? ColorSet { get; init; }
}

internal sealed record LineChartSeries(string Legend, IReadOnlyList<ChartValue> Values)
{
    public string? Color { get; init; }
}

internal sealed record TextInput : CardElement
{
    public TextInput(string id) => Id = id;

    public string? Label { get; init; }
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Style { get; init; }
}

internal sealed record ChoiceSetInput : CardElement
{
    public ChoiceSetInput(string id, IReadOnlyList<Choice> choices)
    {
        Id = id;
        Choices = choices;
    }

    public IReadOnlyList<Choice> Choices { get; init; }
    public string? Label { get; init; }
    public string? Value { get; init; }
    public string? Style { get; init; }
    public string? Placeholder { get; init; }
    public bool? IsRequired { get; init; }
    public bool? IsMultiSelect { get; init; }
    public string? ErrorMessage { get; init; }
    /// <summary>Teams' dynamic type-ahead source, e.g. <c>graph.microsoft.com/users</c> for a people picker.</summary>
    [JsonPropertyName("choices.data")]
    public DataQuery? ChoicesData { get; init; }
}

internal sealed record Choice(string Title, string Value);

internal sealed record DataQuery(string Dataset)
{
    public string Type { get; init; } = "Data.Query";
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
[JsonDerivedType(typeof(ToggleVisibilityAction), "Action.ToggleVisibility")]
internal abstract record CardAction(string Title)
{
    public string? Id { get; init; }
    public string? Style { get; init; }
}

internal sealed record ExecuteAction(string Title, string Verb) : CardAction(Title)
{
    public JsonElement? Data { get; init; }
    /// <summary><c>auto</c> sends the inputs of the card; <c>none</c> sends only <see cref="Data"/>.</summary>
    public string? AssociatedInputs { get; init; }
}

internal sealed record OpenUrlAction(string Title, Uri Url) : CardAction(Title);

internal sealed record ShowCardAction(string Title, AdaptiveCard Card) : CardAction(Title);

internal sealed record ToggleVisibilityAction(string Title, IReadOnlyList<string> TargetElements) : CardAction(Title);
