using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Workflow;

internal enum ActionAccess
{
    /// <summary>The actor is a member (and the assignee, if any, is one too).</summary>
    Allowed,

    /// <summary>The actor is not a member of the complaint's department (or not in the directory).</summary>
    NotAMember,

    /// <summary>The directory could not answer in time: nothing is decided, the card says "try again".</summary>
    Unavailable,

    AssigneeNotFound,

    AssigneeNotAMember,
}

/// <summary>What the directory says about a card action: may the actor act, their name, and the assignee.</summary>
internal sealed record ActionCheck(ActionAccess Access, string ActorName, Person? Assignee);

/// <summary>
/// The directory questions of a card action, asked at once and bounded together by
/// <see cref="WorkflowOptions.DirectoryTimeout"/>: an answer that does not come in time is "unavailable", never "no".
/// </summary>
internal sealed class WorkflowDirectory(IDirectory directory, IOptions<WorkflowOptions> options, TimeProvider time)
{
    /// <summary>The actor's membership (a lead of the department counts as a member) and name, and for Assign the assignee's membership and name.</summary>
    public async Task<ActionCheck> CheckAsync(
        string actorId, string fallbackName, Department department, string? assigneeId, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        // A lead (Departments:N:LeadUserIds) acts for the department wherever the card is, e.g. the 1:1 card of a breach.
        var member = IsLead(department, actorId)
            ? Task.FromResult(DirectoryLookup.Found(true))
            : BoundAsync(directory.IsDepartmentMemberAsync(actorId, department, deadline.Token), cancellationToken);
        var profile = BoundAsync(directory.GetUserAsync(actorId, deadline.Token), cancellationToken);
        var assigneeMember = assigneeId is null ? null : BoundAsync(directory.IsDepartmentMemberAsync(assigneeId, department, deadline.Token), cancellationToken);
        var assigneeProfile = assigneeId is null ? null : BoundAsync(directory.GetUserAsync(assigneeId, deadline.Token), cancellationToken);
        await Task.WhenAll(new Task?[] { member, profile, assigneeMember, assigneeProfile }.OfType<Task>());

        var name = (await profile).Match(user => user.DisplayName, () => fallbackName, _ => fallbackName);
        var access = (await member).Match(isMember => isMember ? ActionAccess.Allowed : ActionAccess.NotAMember, () => ActionAccess.NotAMember, _ => ActionAccess.Unavailable);
        if (access != ActionAccess.Allowed || assigneeMember is null || assigneeProfile is null)
        {
            return new ActionCheck(access, name, null);
        }

        var profileOfAssignee = await assigneeProfile;
        var assignee = profileOfAssignee.Match<Person?>(user => new Person(user.AadObjectId, user.DisplayName), () => null, _ => null);
        var found = profileOfAssignee.Match(_ => ActionAccess.Allowed, () => ActionAccess.AssigneeNotFound, _ => ActionAccess.Unavailable);
        var assigneeAccess = found != ActionAccess.Allowed ? found : (await assigneeMember).Match(
            isMember => isMember ? ActionAccess.Allowed : ActionAccess.AssigneeNotAMember,
            () => ActionAccess.AssigneeNotFound,
            _ => ActionAccess.Unavailable);
        return new ActionCheck(assigneeAccess, name, assignee);
    }

    /// <summary>Whether <paramref name="aadObjectId"/> is one of the department's leads (<c>Departments:N:LeadUserIds</c>).</summary>
    public static bool IsLead(Department department, string aadObjectId)
    {
        ArgumentNullException.ThrowIfNull(department);
        return department.LeadUserIds.Any(id => string.Equals(id.Trim(), aadObjectId.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private DirectoryDeadline Deadline(CancellationToken cancellationToken) => new(options.Value.DirectoryTimeout, time, cancellationToken);

    private static async Task<DirectoryLookup<T>> BoundAsync<T>(Task<DirectoryLookup<T>> lookup, CancellationToken requestAborted)
    {
        try
        {
            return await lookup;
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return DirectoryLookup.Unavailable<T>("The directory did not answer within Workflow:DirectoryTimeout.");
        }
    }
}

/// <summary>A token cancelled when the request is aborted or the directory's time is up, whichever comes first.</summary>
internal sealed class DirectoryDeadline : IDisposable
{
    private readonly CancellationTokenSource timeout;
    private readonly CancellationTokenSource linked;

    public DirectoryDeadline(TimeSpan after, TimeProvider time, CancellationToken requestAborted)
    {
        timeout = new CancellationTokenSource(after, time);
        linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timeout.Token);
    }

    public CancellationToken Token => linked.Token;

    public void Dispose()
    {
        linked.Dispose();
        timeout.Dispose();
    }
}
