using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// The executive digest card of one period (see docs/digest.md): the title with the period in the recipient's time zone
/// (and "sent late" when it is), the totals with their trend against the previous period, the daily volume of the last
/// 14 days as a Teams line chart, every department in ranked order with its figures, received and closed per department
/// as a Teams grouped bar chart, the five oldest or most overdue open complaints with a link to each card, and "Open the
/// full report". Each chart falls back to the same numbers as a FactSet or Table, for clients that do not draw charts.
/// Department names and complaint gists are outside text: made inert and shown only as text runs (and chart labels).
/// </summary>
internal sealed class DigestCardBuilder(IOptions<BotFrameworkOptions> bot)
{
    /// <summary>Characters of a department's name on the card and in the charts.</summary>
    public const int DepartmentNameChars = 40;

    /// <summary>Characters of an open complaint's gist (less when the card would be too big).</summary>
    public const int GistChars = 120;

    private readonly string? tenantId = bot?.Value.TenantId;

    /// <summary>
    /// The card, within <see cref="CardBudget.MaxBytes"/>: when every department does not fit, the most severe ones are
    /// listed (and charted) and a line says how many more the full report has; never an exception for size.
    /// </summary>
    public AdaptiveCard Build(DigestCardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Summary);
        var page = new Page(input, Texts.For(input.Locale), tenantId);
        var all = input.Summary.Departments.Count;
        var card = page.Compose(all, GistChars);
        if (CardBudget.SizeOf(card) <= CardBudget.MaxBytes)
        {
            return card;
        }

        // The largest number of departments that fits (at least one); the size grows with every department listed.
        var (fits, tooMany) = (1, all);
        while (tooMany - fits > 1)
        {
            var middle = fits + ((tooMany - fits) / 2);
            (fits, tooMany) = CardBudget.SizeOf(page.Compose(middle, GistChars)) <= CardBudget.MaxBytes ? (middle, tooMany) : (fits, middle);
        }

        card = page.Compose(fits, GistChars);
        return CardBudget.SizeOf(card) <= CardBudget.MaxBytes ? card : page.Compose(fits, 0);
    }

    /// <summary>The card's parts for one input, composed with as many departments and gist characters as asked.</summary>
    private sealed class Page(DigestCardInput input, Texts texts, string? tenantId)
    {
        private readonly ReportSummary summary = input.Summary;
        private readonly CultureInfo culture = texts.Culture;
        private readonly string previous = texts[input.Cadence == DigestCadence.Weekly ? "Digest_Previous_Weekly" : "Digest_Previous_Daily"];

        public AdaptiveCard Compose(int departments, int gistChars)
        {
            var shown = summary.Departments.Take(departments).ToList();
            var title = Title();
            return new AdaptiveCard
            {
                FallbackText = title,
                Body =
                [
                    new TextBlock(title) { Size = "Medium", Weight = "Bolder" },
                    new TextBlock(texts.Format("Digest_Subtitle", input.TimeZone.Id, previous)) { IsSubtle = true, Size = "Small", Spacing = "None" },
                    .. Late(),
                    .. Totals(),
                    .. DailyVolume(),
                    .. Departments(shown),
                    .. ByDepartmentChart(shown),
                    .. OldestOpen(gistChars),
                ],
                Actions = input.FullReportUrl is { } url ? [new OpenUrlAction(texts["Digest_Action_FullReport"], url)] : null,
            };
        }

        /// <summary>"Complaints digest: yesterday, Tuesday 10 March 2026" or "…: last week, 2 March 2026 to 8 March 2026".</summary>
        private string Title()
        {
            var first = ReportCalendar.LocalDate(summary.Period.From, input.TimeZone);
            var last = ReportCalendar.LocalDate(summary.Period.To.AddTicks(-1), input.TimeZone);
            var format = texts["Digest_DayFormat"];
            return input.Cadence == DigestCadence.Weekly
                ? texts.Format("Digest_Title_Weekly", first.ToString(format, culture), last.ToString(format, culture))
                : texts.Format("Digest_Title_Daily", first.ToString(format, culture));
        }

        private IEnumerable<CardElement> Late() => input.Late
            ? [new Container([new TextBlock(texts["Digest_Late"]) { Weight = "Bolder" }]) { Style = "Warning", Spacing = "Small" }]
            : [];

        private IEnumerable<CardElement> Totals()
        {
            var totals = summary.Totals;
            var trend = summary.TotalsTrend;
            yield return Heading(texts["Digest_Totals"]);
            yield return new ColumnSet(
            [
                Tile("Digest_Received", trend.Received, upColor: null, downColor: null),
                Tile("Digest_Closed", trend.Closed, upColor: "Good", downColor: null),
                Tile("Digest_Breached", trend.Breached, upColor: "Attention", downColor: "Good"),
            ]);
            yield return new FactSet(
            [
                new Fact(texts["Digest_StillOpen"], totals.OldestOpenAge is { } oldest
                    ? texts.Format("Digest_OldestWaiting", Number(totals.StillOpen), SlaText.Duration(oldest, texts))
                    : Number(totals.StillOpen)),
                new Fact(texts["Digest_Claimed"], Number(totals.Claimed)),
                new Fact(texts["Digest_Answered"], Number(totals.Answered)),
                new Fact(texts["Digest_MedianClaim"], Median(totals.MedianTimeToClaim)),
                new Fact(texts["Digest_MedianAnswer"], Median(totals.MedianTimeToAnswer)),
            ])
            {
                Spacing = "Small",
            };
        }

        /// <summary>A figure, its value large, and its trend: "↑ +4 vs 8 the day before".</summary>
        private Column Tile(string label, FigureTrend trend, string? upColor, string? downColor) => new(
        [
            new TextBlock(texts[label]) { IsSubtle = true, Size = "Small" },
            new TextBlock(Number(trend.Current)) { Size = "ExtraLarge", Weight = "Bolder", Spacing = "None" },
            new TextBlock(Trend(trend))
            {
                Size = "Small",
                Spacing = "None",
                Color = trend.Direction switch { TrendDirection.Up => upColor, TrendDirection.Down => downColor, _ => null },
            },
        ])
        {
            Width = "stretch",
        };

        /// <summary>"↑ +4 vs 8 the day before", "↓ −3 vs 11 the week before", "= same as the day before (8)".</summary>
        public string Trend(FigureTrend trend) => texts.Format(
            trend.Direction switch { TrendDirection.Up => "Digest_Trend_Up", TrendDirection.Down => "Digest_Trend_Down", _ => "Digest_Trend_Flat" },
            Number(Math.Abs(trend.Current - trend.Previous)),
            Number(trend.Previous),
            previous);

        /// <summary>The line chart of complaints received per local day; its fallback lists the same days and counts.</summary>
        private IEnumerable<CardElement> DailyVolume()
        {
            var title = texts.Format("Digest_Chart_Daily", Number(summary.DailyVolume.Count));
            var format = texts["Digest_ShortDayFormat"];
            yield return Heading(title);
            yield return new LineChart(
            [
                new LineChartSeries(
                    texts["Digest_Received"],
                    [.. summary.DailyVolume.Select(day => new ChartValue(day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Received))]),
            ])
            {
                Title = title,
                XAxisTitle = texts["Digest_Chart_Day"],
                YAxisTitle = texts["Digest_Chart_Complaints"],
                Spacing = "Small",
                Fallback = new FactSet(
                [
                    .. summary.DailyVolume.Select(day => new Fact(day.Day.ToString(format, culture), Number(day.Received))),
                ])
                {
                    Spacing = "Small",
                },
            };
        }

        private IEnumerable<CardElement> Departments(List<DepartmentReport> shown)
        {
            yield return Heading(texts["Digest_Departments"]);
            foreach (var row in shown)
            {
                yield return Department(row);
            }

            if (summary.Departments.Count > shown.Count)
            {
                yield return new TextBlock(texts.Plural("Digest_Departments_More", summary.Departments.Count - shown.Count))
                {
                    IsSubtle = true,
                    Size = "Small",
                    Spacing = "Small",
                };
            }
        }

        /// <summary>"1. Billing · 3 targets missed · 1 of high or critical priority", then its figures, and its medians when there are any.</summary>
        private Container Department(DepartmentReport row)
        {
            var figures = row.Figures;
            List<TextRun> heading = [new TextRun(Number(row.Rank) + ". " + Name(row.Name)) { Weight = "Bolder" }];
            if (figures.Breached > 0)
            {
                heading.Add(new TextRun(" · " + texts.Plural("Digest_Department_Breached", figures.Breached)) { Color = "Attention", Weight = "Bolder" });
            }

            if (figures.HighPriorityBreached > 0)
            {
                heading.Add(new TextRun(" · " + texts.Format("Digest_Department_High", Number(figures.HighPriorityBreached))) { Color = "Attention" });
            }

            List<CardElement> items =
            [
                new RichTextBlock(heading),
                new TextBlock(texts.Format(
                    "Digest_Department_Figures",
                    Number(figures.Received),
                    Number(figures.StillOpen),
                    Number(figures.Claimed),
                    Number(figures.Answered),
                    Number(figures.Closed)))
                {
                    Size = "Small",
                    Spacing = "None",
                },
            ];
            if (figures.MedianTimeToClaim is not null || figures.MedianTimeToAnswer is not null)
            {
                items.Add(new TextBlock(texts.Format("Digest_Department_Medians", Median(figures.MedianTimeToClaim), Median(figures.MedianTimeToAnswer)))
                {
                    Size = "Small",
                    IsSubtle = true,
                    Spacing = "None",
                });
            }

            return new Container(items) { Separator = true };
        }

        /// <summary>Received and closed per department as grouped bars; its fallback is a table of the same three columns.</summary>
        private IEnumerable<CardElement> ByDepartmentChart(List<DepartmentReport> shown)
        {
            if (shown.Count == 0)
            {
                yield break;
            }

            var title = texts["Digest_Chart_ByDepartment"];
            yield return Heading(title);
            yield return new GroupedVerticalBarChart(
            [
                new BarChartSeries(texts["Digest_Received"], [.. shown.Select(row => new ChartValue(Name(row.Name), row.Figures.Received))]),
                new BarChartSeries(texts["Digest_Closed"], [.. shown.Select(row => new ChartValue(Name(row.Name), row.Figures.Closed))]),
            ])
            {
                Title = title,
                XAxisTitle = texts["Digest_Chart_Department"],
                YAxisTitle = texts["Digest_Chart_Complaints"],
                ShowLegend = true,
                Spacing = "Small",
                Fallback = new Table(
                    [new TableColumnDefinition(3), new TableColumnDefinition(1) { HorizontalCellContentAlignment = "Right" }, new TableColumnDefinition(1) { HorizontalCellContentAlignment = "Right" }],
                    [
                        new TableRow([Cell(texts["Digest_Chart_Department"]), Cell(texts["Digest_Received"]), Cell(texts["Digest_Closed"])]),
                        .. shown.Select(row => new TableRow(
                        [
                            new TableCell([CardBlocks.Plain(Name(row.Name))]),
                            Cell(Number(row.Figures.Received)),
                            Cell(Number(row.Figures.Closed)),
                        ])),
                    ])
                {
                    Spacing = "Small",
                    FirstRowAsHeader = true,
                },
            };
        }

        private IEnumerable<CardElement> OldestOpen(int gistChars)
        {
            yield return Heading(texts["Digest_Oldest"]);
            if (summary.OldestOpen.Count == 0)
            {
                yield return new TextBlock(texts["Digest_Oldest_None"]) { Spacing = "Small" };
                yield break;
            }

            foreach (var line in summary.OldestOpen)
            {
                yield return Open(line, gistChars);
            }
        }

        /// <summary>"Waiting 3 days · overdue by 5 hours · High", the id and department, the gist, and "Open card".</summary>
        private Container Open(OpenComplaintLine line, int gistChars)
        {
            var standing = texts.Format("Digest_Oldest_Waiting", SlaText.Duration(line.Age, texts));
            if (line.OverdueBy is { } overdue)
            {
                standing += " · " + texts.Format("Digest_Oldest_Overdue", SlaText.Duration(overdue, texts));
            }

            standing += " · " + CardWords.Priority(texts, line.Priority);
            var link = line.Card is { } card
                ? ChannelMessageLink.For(new ChannelCard(line.DepartmentId, card.ConversationId, card.ActivityId, line.ReceivedAt), tenantId)
                : null;
            var side = link is not null
                ? (CardElement)new ActionSet([new OpenUrlAction(texts["Overdue_Action_Open"], link)])
                : new TextBlock(texts["Overdue_NoCard"]) { IsSubtle = true, Size = "Small" };
            List<CardElement> details =
            [
                new TextBlock(standing) { Weight = "Bolder", Color = line.OverdueBy is not null || line.Priority >= Priority.High ? "Attention" : null },
                new RichTextBlock([new TextRun($"{CardText.Inert(line.Id)} · {Name(line.DepartmentName)}") { IsSubtle = true, Size = "Small" }]) { Spacing = "None" },
            ];
            if (gistChars > 0 && !string.IsNullOrWhiteSpace(line.Gist))
            {
                details.Add(CardBlocks.Plain(CardText.Gist(line.Gist, gistChars)) with { Spacing = "None" });
            }

            return new Container(
            [
                new ColumnSet(
                [
                    new Column(details) { Width = "stretch" },
                    new Column([side]) { Width = "auto", VerticalContentAlignment = "Center" },
                ]),
            ])
            {
                Separator = true,
                Spacing = "Small",
            };
        }

        private static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Large", Separator = true };

        /// <summary>A table cell of the bot's own words (a header or a number): short, so it needs no wrapping.</summary>
        private static TableCell Cell(string ownText) => new([new TextBlock(ownText) { Wrap = null }]);

        /// <summary>A department's name as outside text: inert and cut, for a text run or a chart label.</summary>
        private static string Name(string name) => CardText.Truncate(CardText.Inert(name), DepartmentNameChars);

        private string Number(int value) => value.ToString("N0", culture);

        private string Median(TimeSpan? median) => median is { } value ? SlaText.Duration(value, texts) : texts["Digest_NoMedian"];
    }
}
