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
    public const int DefaultPageSize = 50;

    /// <summary>How many store pages one list request may read to fill a page of the caller's sources.</summary>
    private const int MaxStoreReadsPerPage = 5;

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/complaints")
            .RequireAuthorization(Policy)
            .RequireRateLimiting(Policy)
            .WithTags("Complaints")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapPost("/", SubmitAsync)
            .WithName("SubmitComplaint")
            .WithSummary("Submit a complaint. Idempotent on (source, externalId).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetComplaint")
            .WithSummary("A complaint of the key's sources with its state, owner, answer, card and relay status, and history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync)
            .WithName("ListComplaints")
            .WithSummary("Complaints of the key's sources by state, department and service level (overdue=true), a page at a time.")
            .ProducesValidationProblem();
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

        // Before any validation: a key learns nothing about a source it does not serve, not even its callback hosts.
        var caller = IntakeCaller.From(user);
        if (!string.IsNullOrWhiteSpace(request.Source) && !caller.Allows(request.Source))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "This intake key may not submit complaints for this source.",
                detail: $"The key '{caller.KeyName}' is bound to other sources (Intake:Keys:N:Sources).");
        }

        var (submission, errors) = IntakeRequestMapper.Map(request, options.Value);
        if (submission is null)
        {
            return Invalid(errors);
        }

        var actor = new Actor(caller.KeyName, submission.Source, ActorKind.Api);
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
        string id, IComplaintStore store, ComplaintRouter router, ClaimsPrincipal user, TimeProvider time, CancellationToken cancellationToken)
    {
        var complaint = ComplaintIds.Normalize(id) is { } normalized ? await store.GetAsync(normalized, cancellationToken) : null;
        // Another source's complaint is answered exactly like an unknown id, so a key cannot even learn that it exists.
        return complaint is null || !IntakeCaller.From(user).Allows(complaint.Source)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such complaint.", detail: $"There is no complaint '{id}'.")
            : TypedResults.Ok(ComplaintView.From(complaint, router) with { Sla = SlaView.Of(complaint, time.GetUtcNow()) });
    }

    private static async Task<Results<Ok<ComplaintListView>, ValidationProblem>> ListAsync(
        IComplaintStore store, ComplaintRouter router, ClaimsPrincipal user, TimeProvider time, string? state, string? department, string? cursor, int? pageSize,
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
        var query = new ComplaintQuery
        {
            State = parsedState,
            DepartmentId = string.IsNullOrWhiteSpace(department) ? null : department,
            Cursor = string.IsNullOrWhiteSpace(cursor) ? null : cursor,
            PageSize = pageSize ?? DefaultPageSize,
            // overdue=true: past a target now, through the stored overdue instant (an index), not by reading every complaint.
            OverdueAt = overdue == true ? now : null,
        };
        List<Complaint> items;
        string? nextCursor;
        try
        {
            (items, nextCursor) = await ListForAsync(IntakeCaller.From(user), store, query, cancellationToken);
        }
        catch (ArgumentException) when (query.Cursor is not null)
        {
            // The stores refuse a cursor they did not issue; the caller sent it, so it is the caller's mistake.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not a nextCursor of this API; start again without one."] });
        }

        return TypedResults.Ok(new ComplaintListView([.. items.Select(c => ComplaintSummary.From(c, router) with { Sla = SlaView.Of(c, now) })], nextCursor));
    }

    /// <summary>
    /// A page of the caller's own sources. The store filters by state and department; the sources are filtered here,
    /// reading the store's pages on (each one only as large as what is still missing, so the store's cursor stays
    /// exact) until the page is full, the list ends, or <see cref="MaxStoreReadsPerPage"/> reads were spent. A shorter
    /// page with a cursor is then a page like any other: the list goes on from there.
    /// </summary>
    private static async Task<(List<Complaint> Items, string? NextCursor)> ListForAsync(
        IntakeCaller caller, IComplaintStore store, ComplaintQuery query, CancellationToken cancellationToken)
    {
        var items = new List<Complaint>(query.PageSize);
        var cursor = query.Cursor;
        for (var read = 0; read < MaxStoreReadsPerPage; read++)
        {
            var page = await store.ListAsync(query with { Cursor = cursor, PageSize = query.PageSize - items.Count }, cancellationToken);
            items.AddRange(page.Items.Where(c => caller.Allows(c.Source)));
            cursor = page.NextCursor;
            if (cursor is null || items.Count == query.PageSize)
            {
                break;
            }
        }

        return (items, cursor);
    }

    private static ValidationProblem Invalid(IEnumerable<SubmissionError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The complaint is not valid; nothing was stored.");
}
