using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>
/// A bounded, seeded fuzz of the intake API from its own OpenAPI document: a few hundred requests, valid and mutated
/// (wrong types, missing and unknown fields, huge strings, odd characters, bodies that are not objects or not JSON, bad
/// query values and ids), sent to the real host on 127.0.0.1. No answer may be a server error, and every answer must be
/// valid against the document.
/// </summary>
[TestClass]
public sealed class OpenApiFuzzTests
{
    private const int Seed = 20_240_917;
    private const int Submissions = 200;
    private const int Lists = 60;
    private const int Reads = 60;

    private static readonly string[] Odd = ["", " ", "\t\n", "é", "日本語", "🙂", "\u0000", "\u202e", "'; DROP TABLE complaints; --", "<script>x</script>", "../../etc/passwd", "%00", "\\", "\"", "null"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Fuzz_RequestsGeneratedFromTheDocument_NoServerErrorAndEveryAnswerKeepsTheDocument()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var settings = IntakeKeyBindingTests.Settings();
        settings["Intake:RequestsPerMinute"] = "100000";
        await using var app = BotApp.Start(connector, settings);
        using var all = app.CreateIntakeClient();
        var document = JsonNode.Parse(await all.GetStringAsync("/openapi/v1.json", TestContext.CancellationToken))!;
        var fuzz = new Generator(new Random(Seed), document);
        var clients = new[]
        {
            app.CreateIntakeClient(),
            app.CreateIntakeClient(IntakeKeyBindingTests.BrandwatchKey),
            app.CreateIntakeClient(IntakeKeyBindingTests.SprinklrKey),
            app.CreateIntakeClient(key: null),
            app.CreateIntakeClient("not-a-key-not-a-key-not-a-key-0001"),
        };
        var recorded = new OpenApiResponses();
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < Submissions; i++)
            {
                var (body, contentType) = fuzz.Submission();
                using var content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
                }

                using var response = await fuzz.Pick(clients, mostly: 0).PostAsync("/api/complaints", content, TestContext.CancellationToken);
                var recording = await recorded.RecordAsync($"post {i}", "SubmitComplaint", response, $"{contentType}: {Encoding.UTF8.GetString(body)}", TestContext.CancellationToken);
                if (recording.Status == 201 && JsonNode.Parse(recording.Body)?["id"]?.GetValue<string>() is { } id)
                {
                    ids.Add(id);
                }
            }

            for (var i = 0; i < Lists; i++)
            {
                var query = fuzz.ListQuery();
                using var response = await fuzz.Pick(clients, mostly: 0).GetAsync("/api/complaints" + query, TestContext.CancellationToken);
                await recorded.RecordAsync($"list {i}", "ListComplaints", response, query, TestContext.CancellationToken);
            }

            for (var i = 0; i < Reads; i++)
            {
                var id = fuzz.Id(ids);
                using var response = await fuzz.Pick(clients, mostly: 0).GetAsync("/api/complaints/" + Uri.EscapeDataString(id), TestContext.CancellationToken);
                await recorded.RecordAsync($"get {i}", "GetComplaint", response, id, TestContext.CancellationToken);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        var serverErrors = recorded.All.Where(r => r.Status >= 500).ToList();
        Assert.IsEmpty(serverErrors, string.Join(Environment.NewLine, serverErrors.Select(r => $"{r.Name}: {r.Status} for {OpenApiResponses.Shorten(r.Request)}")));
        var failures = (await recorded.ValidateAsync(all, TestContext.CancellationToken)).Where(v => v.Errors.Count > 0).ToList();
        Assert.IsEmpty(failures, OpenApiResponses.Describe(failures));
        // The fuzz reached the API's answers, not only its refusals.
        var statuses = recorded.All.Select(r => r.Status).ToHashSet();
        CollectionAssert.IsSubsetOf(new[] { 200, 201, 400, 401, 403, 404, 415 }, statuses.ToList(), string.Join(", ", statuses.Order()));
        Assert.IsGreaterThan(9, ids.Count, "enough submissions were accepted to read them back");
    }

    /// <summary>Requests derived from the document's schemas with one seeded <see cref="Random"/>, so a failure repeats.</summary>
    private sealed class Generator(Random random, JsonNode document)
    {
        private readonly JsonObject _schemas = document["components"]!["schemas"]!.AsObject();

        /// <summary>Plausible values for the fields whose meaning the schema states only in words, so valid requests get through.</summary>
        private static readonly Dictionary<string, string[]> Plausible = new(StringComparer.Ordinal)
        {
            ["source"] = ["brandwatch", "sprinklr", "sprout", "fuzz"],
            ["url"] = ["https://x.com/a/status/1", "http://facebook.com/p/2", "https://example.com/a b", "https://bücher.example/ü?q=1#f"],
            ["callbackUrl"] = ["https://hooks.brandwatch.example/teb", "https://hooks.sprinklr.example:8443/x", "https://hooks.brandwatch.example:8443/teb"],
            ["language"] = ["en", "es", "pt-BR"],
            ["department"] = ["billing", "care"],
            ["upn"] = ["ana@contoso.com", "eve@evil.example"],
            ["aadObjectId"] = ["7d1e5c3a-3333-4b2a-9f1e-6a7b8c9d0e1f"],
        };

        public T Pick<T>(IReadOnlyList<T> items, int mostly) => random.Next(3) == 0 ? items[random.Next(items.Count)] : items[mostly];

        public (byte[] Body, string? ContentType) Submission()
        {
            var roll = random.Next(100);
            if (roll < 8)
            {
                return (Encoding.UTF8.GetBytes(Pick(["", "{", "{\"source\":", "[]", "123", "\"text\"", "null", "true", "{}", "{\"source\":\"a\",}", "{'source':'a'}"], 0)), "application/json");
            }

            if (roll < 11)
            {
                return (Encoding.UTF8.GetBytes("{\"source\":\"brandwatch\"}"), Pick(["text/plain", "application/xml", "application/x-www-form-urlencoded"], 0));
            }

            if (roll < 13)
            {
                return ([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], "application/json");
            }

            var body = (JsonObject)Value(Schema("IntakeRequest"), "body", required: true)!;
            if (roll < 40)
            {
                return (Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");
            }

            for (var mutations = 1 + random.Next(2); mutations > 0; mutations--)
            {
                Mutate(body);
            }

            var json = body.ToJsonString();
            // A lone surrogate, which a JsonObject cannot hold, written as JSON text.
            return (Encoding.UTF8.GetBytes(random.Next(10) == 0 ? json.Replace("\"text\":\"", "\"text\":\"\\ud800", StringComparison.Ordinal) : json), "application/json");
        }

        public string ListQuery()
        {
            var parts = new List<string>();
            var parameters = document["paths"]!["/api/complaints"]!["get"]!["parameters"]!.AsArray();
            foreach (var parameter in parameters)
            {
                if (random.Next(2) == 0)
                {
                    continue;
                }

                var name = parameter!["name"]!.GetValue<string>();
                var schema = parameter["schema"]!;
                var value = random.Next(3) == 0 ? Garbage() : Text(Value(schema, name, required: true));
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }

            return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
        }

        public string Id(List<string> known) => random.Next(4) switch
        {
            0 or 1 when known.Count > 0 => known[random.Next(known.Count)],
            2 => "C" + new string([.. Enumerable.Range(0, 15).Select(_ => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[random.Next(32)])]),
            _ => Pick(["x", "c01", "C0000000000000000000000", "ÄÖÜ", "🙂", "a b", new string('C', 5_000), "%2F", "null"], 0),
        };

        private static string Text(JsonNode? value) => value switch
        {
            null => string.Empty,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => value.ToJsonString(),
        };

        private string Garbage() => Pick(["abc", "-1", "0", "101", "2147483648", "99999999999999999999", "1e3", " 5", "5.5", "", "s:", "s:zzz", "0x10", "∞"], random.Next(14));

        private JsonNode Schema(string name) => _schemas[name]!;

        private JsonNode Resolve(JsonNode schema) =>
            schema["$ref"]?.GetValue<string>() is { } reference ? Schema(reference[(reference.LastIndexOf('/') + 1)..]) : schema;

        /// <summary>A value the schema accepts (mostly plausible for the field), or null where the schema allows null and the dice say so.</summary>
        private JsonNode? Value(JsonNode schema, string field, bool required)
        {
            schema = Resolve(schema);
            if (schema["oneOf"]?.AsArray() is { } choices)
            {
                var choice = choices[random.Next(choices.Count)]!;
                return Resolve(choice)["type"]?.ToString() == "null" ? null : Value(choice, field, required);
            }

            var types = schema["type"] switch
            {
                JsonArray list => list.Select(t => t!.GetValue<string>()).ToList(),
                JsonValue single => [single.GetValue<string>()],
                _ => ["string"],
            };
            if (!required && types.Contains("null") && random.Next(4) == 0)
            {
                return null;
            }

            if (schema["enum"]?.AsArray() is { } words)
            {
                return words[random.Next(words.Count)]?.DeepClone();
            }

            return types.First(t => t != "null") switch
            {
                "object" => Object(schema),
                "integer" => JsonValue.Create(random.Next(schema["minimum"]?.GetValue<int>() ?? 0, (schema["maximum"]?.GetValue<int>() ?? 1000) + 1)),
                "boolean" => JsonValue.Create(random.Next(2) == 0),
                _ => JsonValue.Create(String(schema, field)),
            };
        }

        private JsonObject Object(JsonNode schema)
        {
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                var isRequired = required.Contains(name);
                if (isRequired || random.Next(3) > 0)
                {
                    result[name] = Value(property!, name, isRequired);
                }
            }

            return result;
        }

        private string String(JsonNode schema, string field)
        {
            var max = schema["maxLength"]?.GetValue<int>() ?? 200;
            var min = schema["minLength"]?.GetValue<int>() ?? 0;
            if (Plausible.TryGetValue(field, out var values) && random.Next(5) > 0)
            {
                return Pick(values, random.Next(values.Length));
            }

            var text = new StringBuilder();
            var length = random.Next(Math.Max(min, 1), Math.Min(max, 40) + 1);
            while (text.Length < length)
            {
                text.Append(random.Next(6) == 0 ? Pick(Odd, random.Next(Odd.Length)) : ((char)random.Next('a', 'z' + 1)).ToString());
            }

            var value = text.ToString();
            value = value.Length > max ? value[..max] : value;
            // A value the document requires to hold more than white space.
            return schema["pattern"] is not null && string.IsNullOrWhiteSpace(value) ? "x" : value;
        }

        private void Mutate(JsonObject body)
        {
            var names = body.Select(p => p.Key).ToList();
            var field = names.Count > 0 ? names[random.Next(names.Count)] : "source";
            switch (random.Next(7))
            {
                case 0:
                    body[field] = Pick<JsonNode?>([JsonValue.Create(42), JsonValue.Create(true), new JsonArray("a", 1), new JsonObject { ["x"] = 1 }, null, JsonValue.Create(1.5e300)], random.Next(6));
                    break;
                case 1:
                    body.Remove(field);
                    break;
                case 2:
                    var limit = Resolve(Schema("IntakeRequest"))["properties"]![field]?["maxLength"]?.GetValue<int>() ?? 200;
                    body[field] = new string(Pick(['a', ' ', 'é', '日'], random.Next(4)), limit + 1 + random.Next(3) * random.Next(5_000));
                    break;
                case 3:
                    body["unknownField" + random.Next(10).ToString(CultureInfo.InvariantCulture)] = "surprise";
                    break;
                case 4:
                    body["requester"] = Pick<JsonNode?>([JsonValue.Create("ana@contoso.com"), new JsonArray(), new JsonObject(), new JsonObject { ["upn"] = "no-at-sign" }, new JsonObject { ["aadObjectId"] = "not-a-guid" }, new JsonObject { ["upn"] = new JsonObject() }], random.Next(6));
                    break;
                case 5:
                    body[field] = string.Concat(Enumerable.Range(0, 1 + random.Next(8)).Select(_ => Pick(Odd, random.Next(Odd.Length))));
                    break;
                default:
                    body["callbackUrl"] = Pick(["http://hooks.brandwatch.example/x", "https://127.0.0.1/x", "https://hooks.brandwatch.example:0/x", "https://hooks.brandwatch.example:99999/x", "ftp://x", "https://[::1]/x", "https://user:pw@hooks.brandwatch.example/x"], random.Next(7));
                    break;
            }
        }
    }
}
