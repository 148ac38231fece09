using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Reports;

/// <summary>
/// <c>GET /api/reports/summary</c> over HTTP against the real host: complaints created through the intake API and
/// driven through the card actions, the figures checked against the calculator over what the store holds and by hand.
/// </summary>
[TestClass]
public sealed class ReportApiTests
{
    public const string ReportKey = "integration-test-report-key-0001";
    private const string LogisticsGroupId = "c0ffee00-0000-4000-8000-000000000003";

    private static WorkflowHost s_host = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_host = await WorkflowHost.StartAsync(Settings());

    [ClassCleanup]
    public static async Task StopAsync() => await s_host.DisposeAsync();

    [TestMethod]
    public async Task Summary_ComplaintsThroughIntakeAndCards_TheCalculatorsFiguresOverTheStore()
    {
        await using var host = await WorkflowHost.StartAsync(Settings());
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var store = host.App.Services.GetRequiredService<IComplaintStore>();
        var ana = host.NewBillingMember("Ana Reports");
        var answered = await host.NewOpenComplaintAsync(Ct);
        var claimed = await host.NewOpenComplaintAsync(Ct);
        var untouched = await host.NewOpenComplaintAsync(Ct);
        var care = await host.NewOpenComplaintAsync(Ct, "The agent on the phone was rude to me");
        _ = (await host.InvokeAsync(ana, "complaint.claim", answered)).Card;
        _ = (await host.InvokeAsync(ana, "complaint.claim", claimed)).Card;
        _ = (await host.InvokeAsync(ana, "complaint.resolve", await host.GetAsync(Id(answered), Ct), new JsonObject { ["answerText"] = "Refunded." })).Card;
        await AcceptAsync(store, Id(answered));
        // Received forty days ago and closed now: counts as closed, not received. Closed 38 days ago: not even read.
        var old = await SeedClosedAsync(store, "C0LDREPORT01", DateTimeOffset.UtcNow.AddDays(-40), closedAt: null);
        await SeedClosedAsync(store, "C0LDREPORT02", DateTimeOffset.UtcNow.AddDays(-40), closedAt: DateTimeOffset.UtcNow.AddDays(-38));
        var request = new ReportRequest { Period = new ReportPeriod(started, DateTimeOffset.UtcNow.AddHours(1)), TimeZone = TimeZoneInfo.Utc };
        var query = $"/api/reports/summary?from={Instant(request.Period.From)}&to={Instant(request.Period.To)}&timeZone=UTC";
        using var client = host.App.CreateIntakeClient(ReportKey);

        var (json, stored) = await ReadStableAsync(store, async () => await client.GetStringAsync(query, Ct));

        // The shared-calculation guarantee: the endpoint's figures are the calculator's over the stored complaints.
        var expected = ReportCalculator.Summarize(request, stored.Select(c => ComplaintFacts.From(c)), host.App.Services.GetRequiredService<ComplaintRouter>().Departments);
        var actual = JsonNode.Parse(json)!.AsObject();
        Assert.AreEqual(5, actual["complaintsRead"]!.GetValue<int>(), "four new complaints and the one closed now; the quiet closed one is not read");
        actual.Remove("complaintsRead");
        var expectedJson = JsonSerializer.SerializeToNode(ReportSummaryView.From(expected, 0), JsonOptions(host))!.AsObject();
        expectedJson.Remove("complaintsRead");
        Assert.IsTrue(JsonNode.DeepEquals(expectedJson, actual), $"expected {expectedJson}{Environment.NewLine}actual {actual}");

        // And by hand.
        var totals = actual["totals"]!;
        Assert.AreEqual(4, totals["received"]!.GetValue<int>());
        Assert.AreEqual(2, totals["claimed"]!.GetValue<int>());
        Assert.AreEqual(1, totals["answered"]!.GetValue<int>());
        Assert.AreEqual(2, totals["closed"]!.GetValue<int>());
        Assert.AreEqual(3, totals["stillOpen"]!.GetValue<int>());
        Assert.AreEqual(0, totals["breached"]!.GetValue<int>());
        var billing = Row(actual, "billing");
        Assert.AreEqual("Billing", billing["name"]!.GetValue<string>());
        Assert.AreEqual(3, billing["figures"]!["received"]!.GetValue<int>());
        Assert.AreEqual(2, billing["figures"]!["closed"]!.GetValue<int>());
        Assert.AreEqual(2, billing["figures"]!["stillOpen"]!.GetValue<int>());
        Assert.IsGreaterThan(0, billing["figures"]!["medianSecondsToClaim"]!.GetValue<double>());
        Assert.IsNotNull(billing["figures"]!["medianSecondsToAnswer"]);
        var careRow = Row(actual, "care");
        Assert.AreEqual(1, careRow["figures"]!["received"]!.GetValue<int>());
        Assert.AreEqual(0, careRow["figures"]!["claimed"]!.GetValue<int>());
        Assert.IsNull(careRow["figures"]!["medianSecondsToClaim"]);
        Assert.HasCount(3, actual["departments"]!.AsArray(), "every configured department has a row");
        Assert.AreEqual(0, Row(actual, "logistics")["figures"]!["received"]!.GetValue<int>());
        Assert.AreEqual("up", actual["totalsTrend"]!["received"]!["direction"]!.GetValue<string>());
        Assert.AreEqual(0, actual["totalsTrend"]!["received"]!["previous"]!.GetValue<int>());
        CollectionAssert.AreEqual(
            new[] { Id(claimed), Id(untouched), Id(care) },
            actual["oldestOpen"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToArray());
        Assert.AreEqual("claimed", actual["oldestOpen"]![0]!["state"]!.GetValue<string>());
        Assert.AreEqual(4, actual["dailyVolume"]!.AsArray().Sum(d => d!["received"]!.GetValue<int>()));
        Assert.HasCount(ReportCalculator.DailyVolumeDays, actual["dailyVolume"]!.AsArray());
        Assert.DoesNotContain(old.Id, json, "a closed complaint is never listed as open");

        // The same figures as CSV, byte for byte what ReportCsv writes.
        using var csv = await client.GetAsync(query + "&format=csv", Ct);
        Assert.AreEqual(HttpStatusCode.OK, csv.StatusCode);
        Assert.AreEqual("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.AreEqual(
            $"attachment; filename=\"{ReportEndpoints.FileName(request.Period)}\"",
            csv.Content.Headers.ContentDisposition!.ToString());
        StringAssert.StartsWith(ReportEndpoints.FileName(request.Period), "complaints-summary-");
        Assert.AreEqual(ReportCsv.Write(expected), await csv.Content.ReadAsStringAsync(Ct));
    }

    [TestMethod]
    public async Task Summary_DepartmentFilter_OnlyThatDepartmentsRowAndFigures()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        await SubmitAsync("logistics");
        await SubmitAsync("logistics");
        await SubmitAsync("billing");
        using var client = s_host.App.CreateIntakeClient(ReportKey);

        var summary = JsonNode.Parse(await client.GetStringAsync(
            $"/api/reports/summary?department=LOGISTICS&from={Instant(started)}&to={Instant(DateTimeOffset.UtcNow.AddHours(1))}", Ct))!;

        Assert.AreEqual("logistics", summary["department"]!.GetValue<string>());
        var row = summary["departments"]!.AsArray().Single()!;
        Assert.AreEqual("logistics", row["id"]!.GetValue<string>());
        Assert.AreEqual("Logistics", row["name"]!.GetValue<string>());
        Assert.AreEqual(1, row["rank"]!.GetValue<int>());
        Assert.AreEqual(2, summary["totals"]!["received"]!.GetValue<int>());
        Assert.AreEqual(2, summary["totals"]!["stillOpen"]!.GetValue<int>());
        Assert.IsTrue(summary["oldestOpen"]!.AsArray().All(o => o!["departmentId"]!.GetValue<string>() == "logistics"));
    }

    [TestMethod]
    public async Task Summary_AcceptTextCsv_CsvWithoutAFormatParameter()
    {
        using var client = s_host.App.CreateIntakeClient(ReportKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/summary?from=2026-03-09&to=2026-03-10&timeZone=Europe/Madrid");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await client.SendAsync(request, Ct);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("attachment; filename=\"complaints-summary-20260308T230000Z-20260309T230000Z.csv\"", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n");
        StringAssert.StartsWith(lines[0], "period_from,period_to,rank,department_id,department,received,");
        Assert.AreEqual(string.Empty, lines[^1], "every line ends with CRLF");
        Assert.HasCount(1 + 3 + 1 + 1, lines, "header, a row per configured department, the total, and the final line break");
        StringAssert.StartsWith(lines[^2], "2026-03-08T23:00:00Z,2026-03-09T23:00:00Z,,,Total,");
    }

    [TestMethod]
    public async Task Summary_NoParameters_YesterdayInTheConfiguredTimeZone()
    {
        using var client = s_host.App.CreateIntakeClient(ReportKey);

        var summary = JsonNode.Parse(await client.GetStringAsync("/api/reports/summary", Ct))!;

        var periods = ReportCalendar.Yesterday(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid"));
        var from = summary["period"]!["from"]!.GetValue<DateTime>();
        Assert.IsTrue(
            from == periods.Current.From.UtcDateTime || from == periods.Previous.From.UtcDateTime,
            $"yesterday in Europe/Madrid (or the day before, if midnight passed meanwhile): {from:O}");
        Assert.AreEqual("Europe/Madrid", summary["timeZone"]!.GetValue<string>());
        Assert.AreEqual(DateTimeKind.Utc, from.Kind);
        Assert.HasCount(3, summary["departments"]!.AsArray(), "every configured department has a row");
    }

    [TestMethod]
    public async Task Summary_IntakeKey_AlsoReadsReports()
    {
        using var client = s_host.App.CreateIntakeClient();

        using var response = await client.GetAsync("/api/reports/summary?format=json", Ct);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("not-a-configured-key-000000000000")]
    public async Task Summary_WithoutAValidKey_Unauthorized(string? key)
    {
        using var client = s_host.App.CreateIntakeClient(key);

        using var response = await client.GetAsync("/api/reports/summary", Ct);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("Bearer realm=\"reports\"", response.Headers.WwwAuthenticate.ToString());
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(Ct), "Reports:Keys");
    }

    [TestMethod]
    public async Task ReportKey_OnTheIntakeApi_Unauthorized()
    {
        using var client = s_host.App.CreateIntakeClient(ReportKey);

        using var response = await client.GetAsync("/api/complaints", Ct);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, "a report key reads reports, nothing else");
    }

    [TestMethod]
    [DataRow("from=2026-03-10", "to")]
    [DataRow("to=2026-03-10", "from")]
    [DataRow("from=2026-03-10&to=2026-03-09", "to")]
    [DataRow("from=2026-03-10T10:00:00Z&to=2026-03-10T10:00:00Z", "to")]
    [DataRow("from=2025-01-01&to=2026-01-03", "to")]
    [DataRow("from=last-monday&to=2026-03-10", "from")]
    [DataRow("timeZone=Mars/Olympus", "timeZone")]
    [DataRow("department=sales", "department")]
    [DataRow("format=xml", "format")]
    public async Task Summary_BadQuery_BadRequestNamingTheField(string query, string field)
    {
        using var client = s_host.App.CreateIntakeClient(ReportKey);

        using var response = await client.GetAsync("/api/reports/summary?" + query, Ct);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        CollectionAssert.AreEqual(new[] { field }, problem["errors"]!.AsObject().Select(e => e.Key).ToArray(), problem.ToJsonString());
    }

    [TestMethod]
    public async Task Summary_OverThePerKeyBudget_TooManyRequestsWithRetryAfter()
    {
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?>(Settings()) { ["Reports:RequestsPerMinute"] = "2" });
        using var client = host.App.CreateIntakeClient(ReportKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/api/reports/summary", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.IsGreaterThan(0, response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
                StringAssert.Contains(await response.Content.ReadAsStringAsync(Ct), "Too many report requests for this key.");
            }
        }

        CollectionAssert.AreEqual(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }, statuses);
        using var intake = host.App.CreateIntakeClient();
        using var other = await intake.GetAsync("/api/reports/summary", Ct);
        Assert.AreEqual(HttpStatusCode.OK, other.StatusCode, "each key has its own budget");
    }

    [TestMethod]
    public async Task OpenApi_Document_DescribesTheSummaryInBothFormats()
    {
        using var client = s_host.App.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!;

        var summary = document["paths"]!["/api/reports/summary"]!["get"]!;
        CollectionAssert.IsSubsetOf(
            new[] { "from", "to", "department", "timeZone", "format" },
            summary["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray());
        var ok = summary["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ToArray();
        CollectionAssert.AreEquivalent(new[] { "application/json", "text/csv" }, ok, summary.ToJsonString());
        Assert.IsNotNull(summary["responses"]!["400"]);
        Assert.IsNotNull(summary["responses"]!["401"]);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Reports:Keys:0:Name"] = "board",
        ["Reports:Keys:0:Key"] = ReportKey,
        ["Reports:TimeZone"] = "Europe/Madrid",
        ["Reports:RequestsPerMinute"] = "100000",
        ["Departments:2:Id"] = "logistics",
        ["Departments:2:Name"] = "Logistics",
        ["Departments:2:TeamId"] = Activities.TeamId,
        ["Departments:2:ChannelId"] = "19:logistics-channel@thread.tacv2",
        ["Departments:2:EntraGroupId"] = LogisticsGroupId,
    };

    private static JsonSerializerOptions JsonOptions(WorkflowHost host) =>
        host.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    private static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    private static JsonNode Row(JsonNode summary, string departmentId) =>
        summary["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == departmentId)!;

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private async Task SubmitAsync(string department)
    {
        var body = new JsonObject
        {
            ["source"] = "report-tests",
            ["externalId"] = Guid.NewGuid().ToString("N"),
            ["network"] = "x",
            ["authorHandle"] = "@someone",
            ["text"] = "Where is my parcel?",
            ["department"] = department,
        };
        using var response = await s_host.Api.PostAsJsonAsync("/api/complaints", body, Ct);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Closes an answered complaint in the store, as the requester's Accept on the relay card records it.</summary>
    private async Task AcceptAsync(IComplaintStore store, string id)
    {
        // The relay records its delivery meanwhile: reload and accept again after a lost race, like the host does.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var complaint = (await store.GetAsync(id, Ct))!;
            var version = complaint.Version;
            Assert.IsTrue(complaint.Accept(new Actor("aad-cm", "Carla Méndez", ActorKind.CommunityManager), DateTimeOffset.UtcNow).Succeeded);
            if ((await store.UpdateAsync(complaint, version, [], Ct)).Outcome == UpdateOutcome.Updated)
            {
                return;
            }
        }

        Assert.Fail($"Complaint {id} kept changing.");
    }

    /// <summary>A billing complaint received at <paramref name="receivedAt"/>, answered a day later and closed at <paramref name="closedAt"/> (null: now).</summary>
    private async Task<Complaint> SeedClosedAsync(IComplaintStore store, string id, DateTimeOffset receivedAt, DateTimeOffset? closedAt)
    {
        var submission = new ComplaintSubmission
        {
            Source = "report-tests",
            ExternalId = id,
            Network = Network.X,
            AuthorHandle = "@long_ago",
            Text = "My refund from last month never arrived.",
        };
        var complaint = Complaint.Receive(id, submission, new RoutingDecision("billing", RoutingRule.Keyword, ["refund"], "refund"), new Actor("api", "api", ActorKind.Api), receivedAt);
        var agent = new Actor("aad-old", "Old Agent", ActorKind.User);
        Assert.IsTrue(complaint.RecordCardPosted(new ChannelCard("billing", "19:billing-channel@thread.tacv2", "act-" + id, receivedAt), receivedAt.AddMinutes(1)).Succeeded);
        Assert.IsTrue(complaint.Claim(agent, receivedAt.AddMinutes(2)).Succeeded);
        Assert.IsTrue(complaint.Resolve(agent, "Refunded.", receivedAt.AddDays(1)).Succeeded);
        Assert.IsTrue(complaint.Accept(new Actor("aad-cm", "Carla Méndez", ActorKind.CommunityManager), closedAt ?? DateTimeOffset.UtcNow).Succeeded);
        Assert.AreEqual(CreateOutcome.Created, (await store.CreateAsync(complaint, [], Ct)).Outcome);
        return complaint;
    }

    /// <summary>
    /// Calls <paramref name="read"/> between two reads of every stored complaint, until nothing changed meanwhile (the
    /// outbox keeps recording deliveries in the background): the answer and the complaints it was computed from.
    /// </summary>
    private async Task<(string Answer, List<Complaint> Stored)> ReadStableAsync(IComplaintStore store, Func<Task<string>> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = await AllAsync(store);
            var answer = await read();
            var after = await AllAsync(store);
            if (Facts(before) == Facts(after) || attempt == 20)
            {
                Assert.AreEqual(Facts(before), Facts(after), "the store kept changing");
                return (answer, after);
            }

            await Task.Delay(100, Ct);
        }
    }

    private async Task<List<Complaint>> AllAsync(IComplaintStore store)
    {
        var all = new List<Complaint>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new ComplaintQuery { Cursor = cursor, PageSize = ComplaintQuery.MaxPageSize }, Ct);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    private static string Facts(IEnumerable<Complaint> complaints) => JsonSerializer.Serialize(complaints.Select(c => ComplaintFacts.From(c)));
}
