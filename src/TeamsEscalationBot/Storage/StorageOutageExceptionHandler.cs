using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// An HTTP request that failed because storage is unavailable is answered 503 with <c>Retry-After</c> and a problem
/// body that says nothing was stored (a write either committed before the answer or not at all), instead of a 500.
/// </summary>
internal sealed partial class StorageOutageExceptionHandler(IProblemDetailsService problems, ILogger<StorageOutageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (StorageFailures.Classify(exception) is not { } outage)
        {
            return false;
        }

        LogOutage(logger, httpContext.Request.Method, httpContext.Request.Path, outage.Kind, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)outage.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage is unavailable",
                Detail = outage.Kind == StorageOutageKind.CannotWrite
                    ? "The service's database cannot take writes right now (its disk is full or read-only). Nothing was stored; try again later."
                    : "The service cannot reach its storage right now. Nothing was stored; try again after the Retry-After delay.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: storage unavailable ({Kind})")]
    private static partial void LogOutage(ILogger logger, string method, string path, StorageOutageKind kind, Exception exception);
}
