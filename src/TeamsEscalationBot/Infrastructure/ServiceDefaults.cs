using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.Infrastructure;

/// <summary>
/// Logging, OpenTelemetry, health endpoints and the HTTP conventions of every endpoint (problem details, enums as
/// camelCase words in JSON, the OpenAPI document): what every deployment of the service needs.
/// </summary>
internal static class ServiceDefaults
{
    public const string ServiceName = "TeamsEscalationBot";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        // Structured (JSON) logs outside Development; readable ones on a developer's console.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.AddOpenTelemetry();
        builder.Services.AddProblemDetails();
        // A request the endpoint cannot bind (malformed JSON, a wrong type, pageSize=abc) is answered 400 in every
        // environment, never thrown, and the status code pages of MapServiceDefaults give it a problem body.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddOpenApi(OpenApiConventions.DocumentName, OpenApiConventions.Apply);
        return builder;
    }

    /// <summary>
    /// Runs the validate-on-start checks before the host starts: a refused configuration then fails with its
    /// <see cref="OptionsValidationException"/> while nothing is running, instead of inside a host that disposes itself
    /// while a test host (or a debugger) is still attaching to it.
    /// </summary>
    public static WebApplication ValidateConfiguration(this WebApplication app)
    {
        app.Services.GetService<IStartupValidator>()?.Validate();
        return app;
    }

    /// <summary>
    /// Maps the health endpoints and the OpenAPI document, and puts the status code pages in front of the endpoints: an
    /// error answered without a body (a request that could not be bound, a wrong content type) gets an
    /// <c>application/problem+json</c> body.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Unhandled exceptions become problem bodies; handlers registered by the areas (a storage outage → 503) go first.
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusProblemAsync);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag), ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteHealthAsync });
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// The problem body of an error answered without one (a 400 is then a request that could not be bound; 404, 405 and
    /// 415 come from routing). Endpoints left out of the OpenAPI document speak their own protocol and keep their bare
    /// answers: the bot endpoint's rejections must not explain themselves.
    /// </summary>
    private static async Task WriteStatusProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
        {
            return;
        }

        var status = http.Response.StatusCode;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = status,
                Detail = status == StatusCodes.Status400BadRequest
                    ? "The request could not be read: the JSON body or a query value does not have the type that the OpenAPI document (/openapi/v1.json) states."
                    : null,
            },
        });
    }

    private static void AddOpenTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        // Traces and metrics only where a collector is configured (the standard OTEL_* variables say where and how):
        // without an exporter every request would still build spans and measurements that nothing reads.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddSource(ServiceCollectionExtensions.TraceSourceName, Telemetry.SourceName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(Telemetry.MeterName))
            .UseOtlpExporter();
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
