using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Intake;

/// <summary><c>/api/complaints</c>: the door for social-listening tools.</summary>
internal static class IntakeEndpoints
{
    public const string Policy = "intake";

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/complaints")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(Policy)
            .WithTags("Complaints")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/", SubmitAsync)
            .WithName("SubmitComplaint")
            .WithSummary("Submit a complaint. Idempotent on (source, externalId).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id}", GetAsync).WithName("GetComplaint").WithSummary("A complaint with its state, owner, answer, card and relay status, and history.");
        group.MapGet("/", ListAsync).WithName("ListComplaints").WithSummary("Complaints by state, department and service level (overdue=true), a page at a time.").ProducesValidationProblem();
        return endpoints;
    }

    private static async Task<Results<Created<ComplaintView>, Ok<ComplaintView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        IntakeRequest? request, ComplaintService service, RequesterResolver requesters, ComplaintRouter router, IOptions<IntakeOptions> options,
        ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        }

        var (submission, errors) = IntakeRequestMapper.Map(request, options.Value);
        if (submission is null)
        {
            return Invalid(errors);
        }

        var actor = new Actor(user.FindFirstValue(IntakeKeyAuthenticationHandler.KeyClaim) ?? "api", submission.Source, ActorKind.Api);
        submission = await requesters.ResolveAsync(submission, cancellationToken);
        return await service.SubmitAsync(submission, actor, cancellationToken) switch
        {
            SubmitResult.Created created => TypedResults.Created(
                $"/api/complaints/{created.Complaint.Id}", ComplaintView.From(created.Complaint, router) with { Sla = SlaView.Of(created.Complaint, time.GetUtcNow()) }),
            SubmitResult.AlreadySubmitted same => TypedResults.Ok(ComplaintView.From(same.Complaint, router) with { Sla = SlaView.Of(same.Complaint, time.GetUtcNow()) }),
            SubmitResult.Conflict conflict => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A different complaint was already submitted with this source and externalId.",
                detail: $"Complaint {conflict.Existing.Id} has source '{conflict.Existing.Source}' and externalId '{conflict.Existing.ExternalId}' with other content; use a new externalId for a new complaint.",
                extensions: new Dictionary<string, object?> { ["complaintId"] = conflict.Existing.Id }),
            SubmitResult.Invalid invalid => Invalid(invalid.Errors),
            _ => throw new InvalidOperationException("Unknown submit result."),
        };
    }

    private static async Task<Results<Ok<ComplaintView>, ProblemHttpResult>> GetAsync(
        string id, IComplaintStore store, ComplaintRouter router, TimeProvider time, CancellationToken cancellationToken)
    {
        var complaint = ComplaintIds.Normalize(id) is { } normalized ? await store.GetAsync(normalized, cancellationToken) : null;
        return complaint is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such complaint.", detail: $"There is no complaint '{id}'.")
            : TypedResults.Ok(ComplaintView.From(complaint, router) with { Sla = SlaView.Of(complaint, time.GetUtcNow()) });
    }

    private static async Task<Results<Ok<ComplaintListView>, ValidationProblem>> ListAsync(
        IComplaintStore store, ComplaintRouter router, TimeProvider time, string? state, string? department, string? cursor, int? pageSize,
        bool? overdue, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        ComplaintState? parsedState = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (Enum.TryParse<ComplaintState>(state, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(state, out _))
            {
                parsedState = value;
            }
            else
            {
                errors["state"] = [$"state must be one of {string.Join(", ", Enum.GetNames<ComplaintState>().Select(n => n.ToLowerInvariant()))}."];
            }
        }

        if (!string.IsNullOrWhiteSpace(department) && router.FindDepartment(department) is null)
        {
            errors["department"] = [$"department '{department}' is not a configured department."];
        }

        if (pageSize is < 1 or > ComplaintQuery.MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {ComplaintQuery.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        ComplaintPage page;
        try
        {
            page = await store.ListAsync(new ComplaintQuery
            {
                State = parsedState,
                DepartmentId = string.IsNullOrWhiteSpace(department) ? null : department,
                Cursor = string.IsNullOrWhiteSpace(cursor) ? null : cursor,
                PageSize = pageSize ?? 50,
                // overdue=true: past a target now, through the stored overdue instant (an index), not by reading every complaint.
                OverdueAt = overdue == true ? now : null,
            }, cancellationToken);
        }
        catch (InvalidCursorException)
        {
            // Only the store can tell its own cursors; one it did not issue is the caller's mistake.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this service issued; start again without it."] });
        }

        return TypedResults.Ok(new ComplaintListView(
            [.. page.Items.Select(c => ComplaintSummary.From(c, router) with { Sla = SlaView.Of(c, now) })], page.NextCursor));
    }

    private static ValidationProblem Invalid(IEnumerable<SubmissionError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The complaint is not valid; nothing was stored.");
}
