using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Cards;

/// <summary>
/// Every card the bot can produce, checked by the official Adaptive Cards renderer (npm <c>adaptivecards</c>) through
/// tests/card-validator/validate.mjs, and a few of them rendered in headless Chromium to PNG files for a person to look at.
/// </summary>
[TestClass]
public sealed class CardRendererTests
{
    private const string Validator = "tests/card-validator/validate.mjs";
    private const string Renderer = "tests/card-validator/render.mjs";
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task EveryCard_OfficialRenderer_NoParseOrValidationEvents()
    {
        RepositoryPaths.NodeModule("adaptivecards", "dist", "adaptivecards.js");
        var cards = CardCatalog.All().ToList();
        using var folder = new TempFolder();
        foreach (var (name, card) in cards)
        {
            await File.WriteAllTextAsync(Path.Combine(folder.Path, name + ".json"), JsonSerializer.Serialize(card, ProtocolJsonSerializer.SerializationOptions), TestContext.CancellationToken);
        }

        var results = await ValidateAsync(folder.Path);

        var complaintCards = cards.Count(c => c.Name.StartsWith("complaint-", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(
            Enum.GetValues<ComplaintState>().Length * Enum.GetValues<CardViewerRole>().Length * CardCatalog.Locales.Length, complaintCards);
        Assert.HasCount(cards.Count, cards.Select(c => c.Name).Distinct());
        Assert.HasCount(cards.Count, results, "one result per card");
        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join(" | ", r.Value)}").ToList();
        Assert.IsEmpty(failures, string.Join(Environment.NewLine, failures));
    }

    [TestMethod]
    public async Task BrokenCard_Validator_ReportsEveryProblem()
    {
        RepositoryPaths.NodeModule("adaptivecards", "dist", "adaptivecards.js");
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "broken.json"), """
            {"version":"1.4","refresh":{"action":{"type":"Action.Submit"}},
             "body":[{"type":"TextBlok","text":"x"},{"type":"FactSet","facts":[]},{"type":"Image"},
                     {"type":"TextBlock","text":"[Verify](https://evil.example) </at><at>Everyone</at>"},
                     {"type":"FactSet","facts":[{"title":"Category","value":"![x](https://evil.example/x.png)"}]},
                     {"type":"Chart.Line","data":[{"legend":"Received","values":[{"x":"2026-03-10","y":3}]}]},
                     {"type":"RichTextBlock","inlines":[{"type":"TextRun","text":"{{DATE(2026-01-01T00:00:00Z, SHORT)}} ${user.name} \u202Egnp\u200B"}]},
                     {"type":"Input.Text","id":"a","isRequired":true},{"type":"Input.Text","id":"a"},
                     {"type":"Input.ChoiceSet","id":"p","choices":[],"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/groups"}}],
             "actions":[{"type":"Action.Execute","title":"No verb"}]}
            """, TestContext.CancellationToken);

        var events = (await ValidateAsync(folder.Path))["broken.json"];

        foreach (var expected in (string[])["UnknownElementType", "RequiredInputsShouldHaveLabel", "DuplicateId", "CollectionCantBeEmpty",
            "MissingRootType", "WrongVersion", "ChartWithoutFallback", "RefreshNotExecute", "EmptyFactSet", "ImageWithoutUrl", "ExecuteWithoutVerb",
            "DynamicChoicesNotFiltered", "UnknownDataset", "MarkdownLink", "MentionTag", "TextFunction", "TemplateExpression", "InvisibleCharacter"])
        {
            Assert.IsTrue(events.Any(e => e.StartsWith(expected + ":", StringComparison.Ordinal)), $"{expected} missing from: {string.Join(" | ", events)}");
        }
    }

    [TestMethod]
    public async Task ShowcaseCards_HeadlessChromium_WritesScreenshots()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"Chromium is not installed at {Chromium}; this test renders cards with it. Install it with 'apt-get install -y chromium' (CI does).");
        }

        RepositoryPaths.NodeModule("playwright-core", "package.json");
        var all = CardCatalog.All().ToDictionary(c => c.Name, c => c.Card);
        using var folder = new TempFolder();
        var manifest = new JsonArray();
        foreach (var (name, click) in CardCatalog.Showcase())
        {
            var file = Path.Combine(folder.Path, name + ".json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(all[name], ProtocolJsonSerializer.SerializationOptions), TestContext.CancellationToken);
            manifest.Add(new JsonObject { ["name"] = name, ["file"] = file, ["click"] = new JsonArray([.. click.Select(c => JsonValue.Create(c))]) });
        }

        var manifestPath = Path.Combine(folder.Path, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(), TestContext.CancellationToken);
        var output = Path.Combine(TestContext.TestResultsDirectory ?? folder.Path, "card-screenshots");

        var result = await NodeScript.RunAsync(Renderer, [manifestPath, output], NodeTimeout);

        Assert.AreEqual(0, result.ExitCode, result.Errors);
        TestContext.WriteLine($"Card screenshots: {output}");
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.HasCount(manifest.Count, lines);
        foreach (var line in lines)
        {
            var png = new FileInfo(line["png"]!.GetValue<string>());
            Assert.IsTrue(png.Exists && png.Length > 5_000, $"{png.FullName} is missing or blank");
            Assert.IsEmpty(line["events"]!.AsArray(), line.ToJsonString());
        }
    }

    [TestMethod]
    public async Task DigestCard_HeadlessChromium_RendersEachChartsFallbackWithTheSameNumbers()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"Chromium is not installed at {Chromium}; this test renders cards with it. Install it with 'apt-get install -y chromium' (CI does).");
        }

        RepositoryPaths.NodeModule("playwright-core", "package.json");
        var summary = DigestSamples.Sample();
        var card = CardCatalog.All().Single(c => c.Name == "digest-en-US").Card;
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "digest.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(card, ProtocolJsonSerializer.SerializationOptions), TestContext.CancellationToken);
        var manifestPath = Path.Combine(folder.Path, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, new JsonArray(new JsonObject { ["name"] = "digest", ["file"] = file }).ToJsonString(), TestContext.CancellationToken);

        var result = await NodeScript.RunAsync(Renderer, [manifestPath, Path.Combine(folder.Path, "out")], NodeTimeout);

        Assert.AreEqual(0, result.ExitCode, result.Errors);
        var rendered = JsonNode.Parse(result.Output.Trim())!;
        Assert.IsEmpty(rendered["events"]!.AsArray(), rendered.ToJsonString());
        // What the renderer lays out, one cell or fact per line: the charts' fallbacks, with the summary's numbers.
        var lines = rendered["text"]!.GetValue<string>().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var table = lines.IndexOf("Received and closed by department");
        Assert.IsGreaterThan(0, table, string.Join(" | ", lines));
        Assert.AreSequenceEqual(
            new[] { "Department", "Received", "Closed" }.Concat(summary.Departments.SelectMany(d => new[] { d.Name, $"{d.Figures.Received:N0}", $"{d.Figures.Closed:N0}" })).ToArray(),
            lines.Skip(table + 1).Take(3 * (summary.Departments.Count + 1)).ToArray());
        var days = lines.IndexOf("Complaints received per day, last 14 days");
        Assert.IsGreaterThan(0, days, string.Join(" | ", lines));
        Assert.AreSequenceEqual(
            summary.DailyVolume.SelectMany(d => new[] { d.Day.ToString("ddd d MMM", System.Globalization.CultureInfo.GetCultureInfo("en")), $"{d.Received:N0}" }).ToArray(),
            lines.Skip(days + 1).Take(2 * summary.DailyVolume.Count).ToArray());
    }

    /// <summary>Runs the validator once over the folder: card file → its events as "Event: message".</summary>
    private static async Task<Dictionary<string, List<string>>> ValidateAsync(string folder)
    {
        var result = await NodeScript.RunAsync(Validator, [folder], NodeTimeout);
        Assert.AreEqual(0, result.ExitCode, result.Errors);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!)
            .ToDictionary(
                r => r["card"]!.GetValue<string>(),
                r => r["events"]!.AsArray().Select(e => $"{e!["event"]}: {e["message"]} ({e["source"]})").ToList());
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cards-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
