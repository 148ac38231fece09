using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Reports;

/// <summary><c>/api/reports</c>: the figures executives read, as JSON or CSV.</summary>
internal static class ReportEndpoints
{
    public const string Policy = "reports";

    public const string SecuritySchemeName = "reportKey";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/summary", SummaryAsync)
            .RequireAuthorization(Policy)
            .RequireRateLimiting(Policy)
            .WithTags("Reports")
            .WithName("GetReportSummary")
            .WithSummary("Complaint figures per department for a period (default: yesterday), as JSON or CSV (format=csv or Accept: text/csv).")
            .Produces<ReportSummaryView>(StatusCodes.Status200OK, "application/json")
            .AddOpenApiOperationTransformer(DescribeCsvAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<Results<Ok<ReportSummaryView>, ContentHttpResult, ValidationProblem>> SummaryAsync(
        HttpContext context, ReportSummaries summaries, ComplaintRouter router, IOptions<ReportOptions> options, TimeProvider timeProvider,
        string? from, string? to, string? department, string? timeZone, string? format, CancellationToken cancellationToken)
    {
        var acceptsCsv = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ReportCsv.MediaType, StringComparison.OrdinalIgnoreCase));
        var (query, errors) = ReportQuery.Parse(
            new ReportQuery.Values(from, to, department, timeZone, format, acceptsCsv), options.Value.TimeZone, router, timeProvider.GetUtcNow());
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The report request is not valid.");
        }

        var result = await summaries.SummarizeAsync(query.Request, cancellationToken);
        if (query.Format == ReportFormat.Json)
        {
            return TypedResults.Ok(ReportSummaryView.From(result.Summary, result.ComplaintsRead));
        }

        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{FileName(result.Summary.Period)}\"" }.ToString();
        return TypedResults.Text(ReportCsv.Write(result.Summary), ReportCsv.MediaType, Encoding.UTF8);
    }

    /// <summary>The 200 answer's second form: one Produces per status code survives, so the CSV is added here.</summary>
    private static Task DescribeCsvAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            content[ReportCsv.MediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        RequireKey(operation, context.Document);
        return Task.CompletedTask;
    }

    /// <summary>The report needs a report key or an intake key as a bearer token; either satisfies the requirement.</summary>
    private static void RequireKey(OpenApiOperation operation, OpenApiDocument? document)
    {
        if (document is null)
        {
            return;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A report key (Reports:Keys); an intake key (Intake:Keys) is accepted too.",
        };
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Intake.IntakeOpenApi.SecuritySchemeName, document)] = [] },
        ];
    }

    /// <summary><c>complaints-summary-&lt;from&gt;-&lt;to&gt;.csv</c> with both bounds as compact UTC instants (20260310T000000Z).</summary>
    internal static string FileName(ReportPeriod period) => string.Create(
        CultureInfo.InvariantCulture,
        $"complaints-summary-{period.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{period.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.csv");
}
