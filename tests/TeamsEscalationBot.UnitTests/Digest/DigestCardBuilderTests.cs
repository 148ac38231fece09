using System.Globalization;
using System.Text.Json.Nodes;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Digest;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Digest.DigestFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Digest;

[TestClass]
public sealed class DigestCardBuilderTests
{
    private static readonly IReadOnlyList<Department> Three = [Department(Billing, "Billing"), Department(Logistics, "Logistics"), Department(Support, "Support")];

    /// <summary>
    /// Yesterday (10 March, Madrid): billing received 2 (1 the day before) and closed none; logistics missed a high
    /// priority target; support has an open complaint overdue since the day before, whose card is in its channel.
    /// </summary>
    private static ReportSummary Small()
    {
        var day = Yesterday.Current.From;
        var before = Yesterday.Previous.From;
        ComplaintFacts[] facts =
        [
            ComplaintFacts.From(Receive("b-0", Billing, before.AddHours(9)).Posted(before.AddHours(9.1)).Claimed(before.AddHours(10)).Answered(before.AddHours(11)).Closed(before.AddHours(12))),
            ComplaintFacts.From(Receive("b-1", Billing, day.AddHours(9)).Posted(day.AddHours(9.1)).Claimed(day.AddHours(9.5))),
            ComplaintFacts.From(Receive("b-2", Billing, day.AddHours(15), text: "Charged twice for one order").Posted(day.AddHours(15.1))),
            ComplaintFacts.From(
                Receive("l-1", Logistics, day.AddHours(10), Priority.High, "The parcel never came").Posted(day.AddHours(10.1)),
                [new BreachFact(Logistics, BreachTarget.Claim, day.AddHours(11))],
                day.AddHours(11)),
            ComplaintFacts.From(
                Receive("s-1", Support, before.AddHours(8), text: "Nobody answers the phone").Posted(before.AddHours(8.1)),
                [new BreachFact(Support, BreachTarget.Claim, before.AddHours(9))],
                before.AddHours(9)),
        ];
        return Summary(facts, Three);
    }

    [TestMethod]
    public void Build_English_TitleNamesYesterdayInTheRecipientsZoneAndTheTextsAreEnglish()
    {
        var card = Json(Digests.Build(Input(Small(), "en-US", fullReport: new Uri("https://bot.example/api/reports/summary?from=x"))));

        var texts = Texts(card);
        Assert.AreEqual("Complaints digest: yesterday, Tuesday 10 March 2026", texts[0]);
        Assert.Contains("Days and times in Europe/Madrid · trends compared with the day before", texts);
        Assert.Contains("By department, most severe first", texts);
        Assert.Contains("Oldest and most overdue open complaints", texts);
        Assert.Contains("Received 2 · still open 2 · claimed 1 · answered 0 · closed 0", texts);
        Assert.AreEqual("Open the full report", FullReport(card)!["title"]!.GetValue<string>());
        Assert.AreEqual("Complaints digest: yesterday, Tuesday 10 March 2026", card["fallbackText"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_Spanish_EveryTextInSpanish()
    {
        var card = Json(Digests.Build(Input(Small(), "es-ES", fullReport: new Uri("https://bot.example/api/reports/summary"))));

        var texts = Texts(card);
        Assert.AreEqual("Resumen de quejas: ayer, martes 10 de marzo de 2026", texts[0]);
        Assert.Contains("Días y horas de Europe/Madrid · tendencias comparadas con el día anterior", texts);
        Assert.Contains("Por departamento, de más a menos grave", texts);
        Assert.Contains("Quejas abiertas más antiguas o más vencidas", texts);
        Assert.Contains("Recibidas 2 · aún abiertas 2 · asumidas 1 · respondidas 0 · cerradas 0", texts);
        Assert.Contains("Abrir tarjeta", Titles(card));
        Assert.AreEqual("Abrir el informe completo", FullReport(card)!["title"]!.GetValue<string>());
        Assert.IsFalse(texts.Any(t => t.Contains("Received", StringComparison.Ordinal) || t.Contains("day before", StringComparison.Ordinal)), string.Join(" | ", texts));
    }

    [TestMethod]
    public void Build_Weekly_TitleNamesTheFirstAndLastLocalDayAndTheWeekBefore()
    {
        var week = ReportCalendar.LastWeek(new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.FromHours(1)), Madrid, DayOfWeek.Monday);
        var summary = Summary([OpenFacts("b-1", Billing, week.Current.From.AddDays(2))], Three, week);

        var card = Json(Digests.Build(Input(summary) with { Cadence = DigestCadence.Weekly }));

        Assert.AreEqual("Complaints digest: last week, Monday 2 March 2026 to Sunday 8 March 2026", Texts(card)[0]);
        Assert.Contains("↑ +1 vs 0 the week before", Texts(card));
    }

    [TestMethod]
    public void Build_RankedSummary_DepartmentsListedAndChartedInRankOrder()
    {
        var summary = Small();
        CollectionAssert.AreEqual(new[] { Logistics, Support, Billing }, summary.Departments.Select(d => d.DepartmentId).ToArray(), "the fixture ranks a high-priority breach first");

        var card = Json(Digests.Build(Input(summary)));

        var headings = Typed(card).Where(o => TypeOf(o) == "RichTextBlock")
            .Select(o => string.Concat(o["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>())))
            .Where(t => t.Length > 2 && char.IsDigit(t[0]) && t[1] == '.')
            .ToList();
        Assert.AreSequenceEqual(
            new[] { "1. Logistics · 1 target missed · 1 of high or critical priority", "2. Support", "3. Billing" },
            headings.ToArray());
        var bars = Chart(card, "Chart.VerticalBar.Grouped");
        Assert.AreSequenceEqual(new[] { "Logistics", "Support", "Billing" }, bars["data"]![0]!["values"]!.AsArray().Select(v => v!["x"]!.GetValue<string>()).ToArray());
    }

    [TestMethod]
    public void Build_Trends_ArrowAndNumbersAgainstThePreviousPeriod()
    {
        var card = Json(Digests.Build(Input(Small())));

        var texts = Texts(card);
        Assert.Contains("↑ +1 vs 2 the day before", texts, "received: 3 yesterday, 2 the day before");
        Assert.Contains("↓ −1 vs 1 the day before", texts, "closed: none yesterday, 1 the day before");
        Assert.Contains("= same as the day before (1)", texts, "targets missed: 1 and 1");
    }

    [TestMethod]
    public void Build_Trends_FollowTheSummaryNotTheCard()
    {
        var summary = Small() with
        {
            TotalsTrend = new ReportTrend(new FigureTrend(10, 7), new FigureTrend(2, 9), new FigureTrend(0, 4)),
        };

        var card = Json(Digests.Build(Input(summary, "es-ES")));
        var texts = Texts(card);

        Assert.Contains("↓ −3 frente a 10 el día anterior", texts);
        Assert.Contains("↑ +7 frente a 2 el día anterior", texts);
        Assert.Contains("↑ +4 frente a 0 el día anterior", texts);
        Assert.AreEqual("Attention", Typed(card).Single(o => TypeOf(o) == "TextBlock" && o["text"]!.GetValue<string>() == "↑ +4 frente a 0 el día anterior")["color"]!.GetValue<string>(), "more targets missed");
        Assert.AreEqual("Good", Typed(card).Single(o => TypeOf(o) == "TextBlock" && o["text"]!.GetValue<string>() == "↑ +7 frente a 2 el día anterior")["color"]!.GetValue<string>(), "more closed");
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Build_Late_SaysSoOnlyWhenLate(bool late)
    {
        var texts = Texts(Json(Digests.Build(Input(Small(), late: late))));

        Assert.AreEqual(late, texts.Contains("Sent late: the service was not running at the scheduled hour."));
    }

    [TestMethod]
    public void Build_Charts_EachFallbackShowsTheChartsNumbers()
    {
        var (facts, departments) = History();
        var summary = Summary(facts, departments);

        var card = Json(Digests.Build(Input(summary)));

        var bars = Chart(card, "Chart.VerticalBar.Grouped");
        var received = bars["data"]![0]!["values"]!.AsArray().Select(v => (v!["x"]!.GetValue<string>(), v["y"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture))).ToList();
        var closed = bars["data"]![1]!["values"]!.AsArray().Select(v => (v!["x"]!.GetValue<string>(), v["y"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture))).ToList();
        var table = bars["fallback"]!.AsObject();
        Assert.AreEqual("Table", TypeOf(table));
        var rows = table["rows"]!.AsArray().Skip(1).Select(r => r!["cells"]!.AsArray().Select(CellText).ToArray()).ToList();
        Assert.AreSequenceEqual(received.ToArray(), rows.Select(r => (r[0], r[1])).ToArray());
        Assert.AreSequenceEqual(closed.ToArray(), rows.Select(r => (r[0], r[2])).ToArray());
        Assert.AreSequenceEqual(summary.Departments.Select(d => d.Figures.Received).ToArray(), received.Select(r => int.Parse(r.Item2, CultureInfo.InvariantCulture)).ToArray());
        Assert.IsTrue(received.Any(r => r.Item2 != "0") && closed.Any(r => r.Item2 != "0"), "the history has received and closed complaints");

        var line = Chart(card, "Chart.Line");
        var points = line["data"]![0]!["values"]!.AsArray().Select(v => (X: v!["x"]!.GetValue<string>(), Y: v["y"]!.GetValue<int>())).ToList();
        var factSet = line["fallback"]!.AsObject();
        Assert.AreEqual("FactSet", TypeOf(factSet));
        var shown = factSet["facts"]!.AsArray().Select(f => (Title: f!["title"]!.GetValue<string>(), Value: f["value"]!.GetValue<string>())).ToList();
        Assert.HasCount(ReportCalculator.DailyVolumeDays, points);
        Assert.AreSequenceEqual(summary.DailyVolume.Select(d => (d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Received)).ToArray(), points.Select(p => (p.X, p.Y)).ToArray());
        Assert.AreSequenceEqual(points.Select(p => p.Y.ToString(CultureInfo.InvariantCulture)).ToArray(), shown.Select(s => s.Value).ToArray());
        Assert.AreSequenceEqual(summary.DailyVolume.Select(d => d.Day.ToString("ddd d MMM", Localization.Texts.English)).ToArray(), shown.Select(s => s.Title).ToArray());
        Assert.IsGreaterThan(0, points.Sum(p => p.Y));
    }

    [TestMethod]
    public void Build_WithoutFullReportUrl_NoAction()
    {
        var card = Json(Digests.Build(Input(Small(), fullReport: null)));

        Assert.IsNull(FullReport(card));
        Assert.IsNull(card["actions"]);
    }

    [TestMethod]
    public void Build_WithFullReportUrl_OpensIt()
    {
        var url = new Uri("https://bot.example/api/reports/summary?from=2026-03-10&to=2026-03-11");

        var action = FullReport(Json(Digests.Build(Input(Small(), fullReport: url))));

        Assert.AreEqual(url.AbsoluteUri, action!["url"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_OldestOpen_MostOverdueFirstEachWithItsCardLink()
    {
        var summary = Small();

        var card = Json(Digests.Build(Input(summary)));

        var links = Typed(card).Where(o => TypeOf(o) == "Action.OpenUrl" && o["title"]!.GetValue<string>() == "Open card")
            .Select(o => o["url"]!.GetValue<string>())
            .ToList();
        Assert.HasCount(summary.OldestOpen.Count, links);
        Assert.AreEqual("s-1", summary.OldestOpen[0].Id, "overdue since the day before");
        StringAssert.StartsWith(links[0], "https://teams.microsoft.com/l/message/19%3Asupport%40thread/");
        StringAssert.Contains(links[0], "tenantId=" + TenantId);
        var runs = Runs(card);
        Assert.Contains("Nobody answers the phone", runs);
        Assert.Contains("s-1 · Support", runs);
        Assert.IsTrue(Texts(card).Any(t => t.StartsWith("Waiting 1 day", StringComparison.Ordinal) && t.Contains("overdue by", StringComparison.Ordinal)), string.Join(" | ", Texts(card)));
    }

    [TestMethod]
    public void Build_OpenComplaintWithoutCard_SaysItsCardIsNotInTheChannelYet()
    {
        var summary = Summary([ComplaintFacts.From(Receive("b-1", Billing, Yesterday.Current.From.AddHours(9)))], Three);

        var card = Json(Digests.Build(Input(summary)));

        Assert.Contains("Its card is not in the channel yet.", Texts(card));
        Assert.IsFalse(Titles(card).Contains("Open card"));
    }

    [TestMethod]
    public void Build_NothingOpen_SaysSo()
    {
        var texts = Texts(Json(Digests.Build(Input(Summary([], Three)))));

        Assert.Contains("Nothing was open at the end of the period.", texts);
        Assert.Contains("= same as the day before (0)", texts);
    }

    [TestMethod]
    public void Build_200ComplaintsIn20Departments_EveryDepartmentListedWithinTheBudget()
    {
        var (facts, departments) = History(count: 200, departmentCount: 20);
        var summary = Summary(facts, departments);

        var card = Digests.Build(Input(summary, fullReport: new Uri("https://bot.example/api/reports/summary")));
        var spanish = Digests.Build(Input(summary, "es-ES", late: true, fullReport: new Uri("https://bot.example/api/reports/summary")));

        Assert.IsLessThan(CardBudget.MaxBytes, Utf8Size(card));
        Assert.IsLessThan(CardBudget.MaxBytes, Utf8Size(spanish));
        Assert.AreEqual(200, summary.DailyVolume.Sum(d => d.Received), "every complaint is in the 14 days");
        Assert.HasCount(20, summary.Departments);
        Assert.HasCount(20, Chart(Json(card), "Chart.VerticalBar.Grouped")["data"]![0]!["values"]!.AsArray());
        Assert.HasCount(ReportCalculator.OldestOpenCount, Titles(Json(card)).Where(t => t == "Open card").ToList());
        Assert.IsFalse(Texts(Json(card)).Any(t => t.Contains("more departments", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Build_TooManyDepartmentsForTheBudget_ListsTheMostSevereAndSaysHowManyMore()
    {
        var (facts, departments) = History(count: 400, departmentCount: 150);
        var summary = Summary(facts, departments);

        var built = Digests.Build(Input(summary));
        var card = Json(built);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(built));
        var charted = Chart(card, "Chart.VerticalBar.Grouped")["data"]![0]!["values"]!.AsArray().Select(v => v!["x"]!.GetValue<string>()).ToArray();
        Assert.IsGreaterThan(10, charted.Length);
        Assert.IsLessThan(150, charted.Length);
        Assert.AreSequenceEqual(summary.Departments.Take(charted.Length).Select(d => d.Name).ToArray(), charted, "the most severe ones, in rank order");
        Assert.Contains($"…and {150 - charted.Length} more departments, in the full report.", Texts(card));
        Assert.AreEqual(summary.Totals.Received.ToString("N0", Localization.Texts.English), Typed(card).First(o => TypeOf(o) == "TextBlock" && o["size"]?.GetValue<string>() == "ExtraLarge")["text"]!.GetValue<string>(), "the totals still count every department");
    }

    [TestMethod]
    public void Build_LongDepartmentName_CutInTheListAndTheCharts()
    {
        var (facts, departments) = History(count: 20, departmentCount: 2, name: new string('x', 300));

        var card = Json(Digests.Build(Input(Summary(facts, departments))));

        var expected = new string('x', DigestCardBuilder.DepartmentNameChars) + CardText.Ellipsis;
        Assert.IsTrue(Chart(card, "Chart.VerticalBar.Grouped")["data"]![0]!["values"]!.AsArray().All(v => v!["x"]!.GetValue<string>() == expected));
        Assert.IsTrue(Runs(card).Contains(expected));
    }

    private static JsonObject Chart(JsonObject card, string type) => card["body"]!.AsArray().Select(e => e!.AsObject()).Single(e => TypeOf(e) == type);

    private static JsonObject? FullReport(JsonObject card) =>
        card["actions"]?.AsArray().Select(a => a!.AsObject()).SingleOrDefault(a => TypeOf(a) == "Action.OpenUrl");

    /// <summary>Every TextBlock's text, in card order.</summary>
    private static List<string> Texts(JsonObject card) =>
        [.. Typed(card).Where(o => TypeOf(o) == "TextBlock").Select(o => o["text"]!.GetValue<string>())];

    private static List<string> Runs(JsonObject card) =>
        [.. Typed(card).Where(o => TypeOf(o) == "TextRun").Select(o => o["text"]!.GetValue<string>())];

    private static List<string> Titles(JsonObject card) =>
        [.. Typed(card).Where(o => TypeOf(o).StartsWith("Action.", StringComparison.Ordinal)).Select(o => o["title"]!.GetValue<string>())];

    private static string CellText(JsonNode? cell)
    {
        var item = cell!["items"]![0]!;
        return item["text"]?.GetValue<string>() ?? string.Concat(item["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>()));
    }
}
