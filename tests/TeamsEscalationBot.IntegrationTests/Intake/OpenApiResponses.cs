using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.IntegrationTests.Cards;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>
/// Real responses of the intake API, recorded with the operation that answered them, and checked in one run of
/// <c>tests/openapi-validator/validate-responses.mjs</c> (ajv, JSON Schema 2020-12) against the document the host serves.
/// </summary>
internal sealed class OpenApiResponses
{
    private const string Validator = "tests/openapi-validator/validate-responses.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentQueue<Recording> _recordings = new();

    public sealed record Recording(string Name, string OperationId, int Status, string? ContentType, string Body, string Request);

    public sealed record Verdict(Recording Recording, IReadOnlyList<string> Errors);

    public IReadOnlyCollection<Recording> All => _recordings;

    /// <summary>Reads and records <paramref name="response"/>, and returns its status and body.</summary>
    public async Task<Recording> RecordAsync(string name, string operationId, HttpResponseMessage response, string request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var recording = new Recording(
            name, operationId, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(),
            await response.Content.ReadAsStringAsync(cancellationToken), request);
        _recordings.Enqueue(recording);
        return recording;
    }

    /// <summary>Every recording with what the validator found wrong with it (nothing, for a response that keeps the document).</summary>
    public async Task<IReadOnlyList<Verdict>> ValidateAsync(HttpClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var folder = Directory.CreateTempSubdirectory("teb-openapi-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            var recordings = Path.Combine(folder.FullName, "recordings.json");
            await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json", cancellationToken), cancellationToken);
            var list = _recordings.ToList();
            var input = new JsonArray([.. list.Select((r, i) => (JsonNode)new JsonObject
            {
                ["name"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["operationId"] = r.OperationId,
                ["status"] = r.Status,
                ["contentType"] = r.ContentType,
                ["body"] = r.Body,
            })]);
            await File.WriteAllTextAsync(recordings, input.ToJsonString(), cancellationToken);

            var result = await NodeScript.RunAsync(Validator, [document, recordings], NodeTimeout);

            Assert.AreEqual(0, result.ExitCode, result.Errors);
            var verdicts = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!).ToList();
            Assert.HasCount(list.Count, verdicts, "one verdict per recording");
            return [.. verdicts.Select(v => new Verdict(
                list[int.Parse(v["name"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)],
                [.. v["errors"]!.AsArray().Select(e => e!.GetValue<string>())]))];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A readable list of the responses that break the document, for an assertion message.</summary>
    public static string Describe(IEnumerable<Verdict> failures) => string.Join(
        Environment.NewLine,
        failures.Take(20).Select(f => $"{f.Recording.Name} ({f.Recording.OperationId} {f.Recording.Status} {f.Recording.ContentType}): "
            + $"{string.Join("; ", f.Errors)}{Environment.NewLine}    request: {Shorten(f.Recording.Request)}{Environment.NewLine}    body: {Shorten(f.Recording.Body)}"));

    public static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + $"… ({text.Length} characters)";

    public static string Json(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
}
