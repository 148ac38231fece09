using System.Text.Json;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>The cards of intake in personal chat: the form, the form again with its problems, and the confirmation.</summary>
internal static class IntakeCards
{
    /// <summary>
    /// The intake form, prefilled with <paramref name="values"/> (a pasted text or link, or what the community manager
    /// typed). With <paramref name="problems"/> it is the validation-error card: the same form with a message listing them.
    /// </summary>
    public static AdaptiveCard Form(
        string? locale,
        IReadOnlyList<CardDepartment> departments,
        IntakeValues? values = null,
        IReadOnlyList<IntakeProblem>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        values ??= new IntakeValues();
        var text = values.Text ?? string.Empty;

        // The other prefilled values are capped to their inputs' limits (Prefill); only the text can still be long (a
        // paste of tens of thousands of characters): it gives way when the card is too big.
        var (card, size) = CardBudget.Fit(
            n => ComposeForm(texts, departments, values with { Text = CardText.Truncate(text, n) }, problems ?? []),
            Math.Min(text.Length, IntakeValues.MaxTextLength),
            0);
        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("intake", size);
    }

    /// <summary>The answer to a good submission: the complaint's id, its department and why, its state, and a Status button.</summary>
    public static AdaptiveCard Confirmation(Complaint complaint, string? locale, IReadOnlyList<CardDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        var department = CardDepartment.NameOf(departments, complaint.DepartmentId);
        var routed = complaint.History.LastOrDefault(e => e.Kind == ComplaintEventKind.Routed);
        return CardBudget.Checked(new AdaptiveCard
        {
            FallbackText = texts.Format("Intake_Confirmed_Title", complaint.Id),
            Body =
            [
                new TextBlock(texts.Format("Intake_Confirmed_Title", complaint.Id)) { Size = "Medium", Weight = "Bolder", Color = "Good" },
                new FactSet(
                [
                    new(texts["Intake_Fact_Complaint"], complaint.Id),
                    new(texts["Card_Fact_Department"], department),
                    new(texts["Card_Fact_State"], CardWords.State(texts, complaint.State)),
                    new(texts["Intake_Fact_Priority"], CardWords.Priority(texts, complaint.Priority)),
                ]),
                .. routed?.RoutingRule is { } rule ? [CardBlocks.Plain(Why(texts, rule, department, complaint, routed))] : Array.Empty<CardElement>(),
                CardBlocks.Plain(CardText.Excerpt(complaint.Text, CardBudget.ExcerptChars), subtle: true),
                new TextBlock(texts["Intake_Confirmed_Next"]) { Spacing = "Medium" },
            ],
            Actions =
            [
                new ExecuteAction(texts["Intake_Action_Status"], CardVerbs.Status)
                {
                    Data = CardData.ForComplaint(complaint),
                    AssociatedInputs = "none",
                },
            ],
        }, "confirmation");
    }

    /// <summary>The localized text of an intake problem.</summary>
    public static string Describe(Texts texts, IntakeProblem problem)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return problem switch
        {
            IntakeProblem.TextTooLong => texts.Plural("Intake_Problem_TextTooLong", IntakeValues.MaxTextLength),
            IntakeProblem.AuthorTooLong or IntakeProblem.CategoryTooLong =>
                texts.Plural("Intake_Problem_" + problem, ComplaintLimits.MaxShortFieldLength),
            IntakeProblem.LinkTooLong => texts.Plural("Intake_Problem_LinkTooLong", ComplaintLimits.MaxUrlLength),
            _ => texts["Intake_Problem_" + problem],
        };
    }

    private static AdaptiveCard ComposeForm(
        Texts texts, IReadOnlyList<CardDepartment> departments, IntakeValues values, IReadOnlyList<IntakeProblem> problems)
    {
        // Choices show only values they list: an unknown value (reported as a problem) falls back to the default.
        var network = IntakeChoices.TryParseNetwork(values.Network, out var typed) ? typed
            : IntakeChoices.GuessNetwork(values.ParsedLink) ?? Network.Other;
        var priority = IntakeChoices.TryParsePriority(values.Priority, out var chosen) ? chosen : Priority.Normal;
        var department = values.DecideForMe ? null
            : departments.FirstOrDefault(d => string.Equals(d.Id, values.DepartmentId?.Trim(), StringComparison.OrdinalIgnoreCase));
        return new AdaptiveCard
        {
            FallbackText = texts["Intake_Title"],
            Body =
            [
                new TextBlock(texts["Intake_Title"]) { Size = "Medium", Weight = "Bolder" },
                new TextBlock(texts["Intake_Intro"]) { Spacing = "Small" },
                .. Problems(texts, problems),
                new TextInput(CardInputs.IntakeText)
                {
                    Label = texts["Intake_Input_Text"],
                    IsMultiline = true,
                    IsRequired = true,
                    MaxLength = IntakeValues.MaxTextLength,
                    ErrorMessage = texts["Intake_Problem_TextRequired"],
                    Value = Prefill(values.Text, int.MaxValue),
                },
                new TextInput(CardInputs.IntakeLink)
                {
                    Label = texts["Intake_Input_Link"],
                    Placeholder = "https://…",
                    Style = "Url",
                    MaxLength = ComplaintLimits.MaxUrlLength,
                    // A link cut short would lead somewhere else: one over the limit is left out (a problem says why).
                    Value = values.Link?.Trim().Length > ComplaintLimits.MaxUrlLength ? null : Prefill(values.Link, ComplaintLimits.MaxUrlLength),
                },
                new TextInput(CardInputs.IntakeAuthor)
                {
                    Label = texts["Intake_Input_Author"],
                    MaxLength = ComplaintLimits.MaxShortFieldLength,
                    Value = Prefill(values.AuthorHandle, ComplaintLimits.MaxShortFieldLength),
                },
                new ColumnSet(
                [
                    new Column([Choices(CardInputs.IntakeNetwork, texts["Intake_Input_Network"], NetworkChoices(texts), IntakeChoices.NetworkValue(network))]) { Width = "stretch" },
                    new Column([Choices(CardInputs.IntakePriority, texts["Intake_Input_Priority"], PriorityChoices(texts),
                        IntakeChoices.PriorityValue(priority))]) { Width = "stretch" },
                ]),
                Choices(
                    CardInputs.IntakeDepartment,
                    texts["Intake_Input_Department"],
                    [new Choice(texts["Intake_DecideForMe"], IntakeChoices.DecideForMe), .. departments.Select(d => new Choice(d.Name, d.Id))],
                    department?.Id ?? IntakeChoices.DecideForMe),
                CategoryInput(texts, CardDepartment.AllCategories(departments), values),
            ],
            Actions =
            [
                new ExecuteAction(texts["Intake_Action_Submit"], CardVerbs.IntakeSubmit)
                {
                    AssociatedInputs = "auto",
                    Style = "positive",
                    Data = values.SubmissionId is null ? null : JsonSerializer.SerializeToElement(
                        new Dictionary<string, string> { [CardInputs.IntakeSubmissionId] = values.SubmissionId }),
                },
            ],
        };
    }

    private static IEnumerable<CardElement> Problems(Texts texts, IReadOnlyList<IntakeProblem> problems) => problems.Count == 0 ? [] :
    [
        new Container(
        [
            new TextBlock(texts["Intake_Problems_Title"]) { Weight = "Bolder" },
            .. problems.Distinct().Select(p => new TextBlock("• " + Describe(texts, p)) { Spacing = "Small" }),
        ])
        { Style = "Attention" },
    ];

    private static ChoiceSetInput Choices(string id, string label, IReadOnlyList<Choice> choices, string? value) => new(id, choices)
    {
        Label = label,
        Style = "compact",
        Value = value,
    };

    /// <summary>
    /// The configured categories (each routes to its department) as a compact choice with "No category" first, or free
    /// text when no department lists any. A value the list lacks (from an older card) stays on as one more choice.
    /// </summary>
    private static CardElement CategoryInput(Texts texts, IReadOnlyList<string> categories, IntakeValues values)
    {
        if (categories.Count == 0)
        {
            return new TextInput(CardInputs.IntakeCategory)
            {
                Label = texts["Intake_Input_Category"],
                MaxLength = ComplaintLimits.MaxShortFieldLength,
                Value = Prefill(values.Category, ComplaintLimits.MaxShortFieldLength),
            };
        }

        var typed = values.ChosenCategory is { } category ? Cut(category, ComplaintLimits.MaxShortFieldLength) : null;
        var chosen = typed is null ? IntakeChoices.NoCategory
            : categories.FirstOrDefault(c => string.Equals(c, typed, StringComparison.OrdinalIgnoreCase));
        string[] kept = chosen is null ? [typed!] : [];
        return Choices(
            CardInputs.IntakeCategory,
            texts["Intake_Input_Category"],
            [new Choice(texts["Intake_Category_None"], IntakeChoices.NoCategory), .. categories.Concat(kept).Select(c => new Choice(CardText.Inert(c), c))],
            chosen ?? typed);
    }

    private static Choice[] NetworkChoices(Texts texts) =>
        [.. IntakeChoices.Networks.Select(n => new Choice(CardWords.Network(texts, n), IntakeChoices.NetworkValue(n)))];

    private static Choice[] PriorityChoices(Texts texts) =>
        [.. IntakeChoices.Priorities.Select(p => new Choice(CardWords.Priority(texts, p), IntakeChoices.PriorityValue(p)))];

    /// <summary>A value shown again in its input: made inert and cut to the input's limit (its problem, if any, is listed).</summary>
    private static string? Prefill(string? value, int maxLength) => string.IsNullOrEmpty(value) ? null : CardText.Inert(Cut(value, maxLength));

    private static string Cut(string value, int maxLength) =>
        value.Length <= maxLength ? value : value[..(char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength)];

    private static string Why(Texts texts, RoutingRule rule, string department, Complaint complaint, ComplaintEvent routed) => rule switch
    {
        RoutingRule.Explicit => texts.Format("Intake_Why_Explicit", department),
        RoutingRule.Category => texts.Format("Intake_Why_Category", department, CardText.Truncate(complaint.Category ?? string.Empty, CardBudget.ShortFieldChars)),
        RoutingRule.Keyword => texts.Format("Intake_Why_Keyword", department, string.Join(", ", routed.MatchedKeywords ?? [])),
        _ => texts.Format("Intake_Why_Triage", department),
    };
}
