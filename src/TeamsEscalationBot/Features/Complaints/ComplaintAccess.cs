using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// The one place that decides how much of a complaint a person sees (docs/security.md#who-sees-what-who-decides-what): Department for members
/// of its department's Entra group and its leads (<c>Departments:N:LeadUserIds</c>), Requester for the community manager who asked for it (or an addressee of its
/// answer), FormerDepartment for members of a department it was reassigned away from, Outsider for everyone else; when
/// several apply, the first in that order. The directory is asked within a time budget. When it cannot answer, the view
/// is only what is known without it (the requester by object id, an addressee), else Outsider, and it says so: never
/// more than the person is known to be entitled to.
/// </summary>
internal sealed partial class ComplaintAccess(
    IDirectory directory, ComplaintRouter router, IComplaintAddressees addressees, TimeProvider time, ILogger<ComplaintAccess> logger)
{
    /// <summary>How long a view waits for the directory when the caller has no tighter budget of its own.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(3);

    public async Task<ComplaintSight> SightAsync(Complaint complaint, ComplaintViewer viewer, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(viewer);
        var id = string.IsNullOrWhiteSpace(viewer.AadObjectId) ? null : viewer.AadObjectId.Trim();
        if (id is null)
        {
            return Decided(complaint, WithoutDirectory(complaint, viewer));
        }

        // A lead of the complaint's department (Departments:N:LeadUserIds) sees it as the department does: the breach
        // brings them its card in their 1:1 chat, to claim or assign it there.
        if (router.FindDepartment(complaint.DepartmentId) is { } owning
            && owning.LeadUserIds.Any(lead => string.Equals(lead.Trim(), id, StringComparison.OrdinalIgnoreCase)))
        {
            return Decided(complaint, ComplaintSight.Department);
        }

        using var timeout = new CancellationTokenSource(budget, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var current = router.FindDepartment(complaint.DepartmentId);
        var member = current is null
            ? Task.FromResult(DirectoryLookup.Found(false))
            : BoundAsync(directory.IsDepartmentMemberAsync(id, current, deadline.Token), cancellationToken);
        var requester = IsRequesterAsync(complaint.Requester, id, deadline.Token, cancellationToken);
        var formers = FormerDepartments(complaint).ToList();
        var answers = await Task.WhenAll(
            [member, requester, .. formers.Select(d => BoundAsync(directory.IsDepartmentMemberAsync(id, d, deadline.Token), cancellationToken))]);

        if (IsYes(answers[0]))
        {
            return Decided(complaint, ComplaintSight.Department);
        }

        if (answers.Any(IsUnavailable))
        {
            return Decided(complaint, WithoutDirectory(complaint, viewer) with { DirectoryUnavailable = true });
        }

        var left = formers.Where((_, i) => IsYes(answers[i + 2])).Select(d => d.Id).ToList();
        var sight = IsYes(answers[1]) || addressees.IsAddressee(complaint, viewer) ? ComplaintSight.Requester
            : left.Count > 0 ? ComplaintSight.FormerDepartment(left)
            : ComplaintSight.Outsider;
        return Decided(complaint, sight);
    }

    /// <summary>
    /// What is known without the directory: the requester by Entra object id and an addressee of the answer see what the
    /// requester sees; anybody else is an outsider.
    /// </summary>
    public ComplaintSight WithoutDirectory(Complaint complaint, ComplaintViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(viewer);
        var byId = complaint.Requester?.AadObjectId is { Length: > 0 } requester && viewer.AadObjectId is { Length: > 0 } id
            && string.Equals(requester, id.Trim(), StringComparison.OrdinalIgnoreCase);
        return byId || addressees.IsAddressee(complaint, viewer) ? ComplaintSight.Requester : ComplaintSight.Outsider;
    }

    /// <summary>The configured departments the complaint was reassigned away from, the current one left out.</summary>
    private IEnumerable<Department> FormerDepartments(Complaint complaint) => complaint.History
        .Where(e => e.Kind == ComplaintEventKind.Reassigned && e.FromDepartmentId is not null)
        .Select(e => e.FromDepartmentId!)
        .Where(d => !string.Equals(d, complaint.DepartmentId, StringComparison.OrdinalIgnoreCase))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Select(router.FindDepartment)
        .OfType<Department>();

    /// <summary>Whether the viewer is the requester: by object id, or by UPN through the directory.</summary>
    private async Task<DirectoryLookup<bool>> IsRequesterAsync(Requester? requester, string viewer, CancellationToken deadline, CancellationToken requestAborted)
    {
        if (requester?.AadObjectId is { Length: > 0 } id)
        {
            return DirectoryLookup.Found(string.Equals(id, viewer, StringComparison.OrdinalIgnoreCase));
        }

        if (requester?.Upn is not { Length: > 0 } upn)
        {
            return DirectoryLookup.Found(false);
        }

        var user = await BoundAsync(directory.GetUserAsync(upn, deadline), requestAborted);
        return user.Match(
            found => DirectoryLookup.Found(string.Equals(found.AadObjectId, viewer, StringComparison.OrdinalIgnoreCase)),
            () => DirectoryLookup.Found(false),
            unavailable => unavailable.As<bool>());
    }

    private ComplaintSight Decided(Complaint complaint, ComplaintSight sight)
    {
        LogSight(logger, complaint.Id, sight.Visibility, sight.DirectoryUnavailable);
        return sight;
    }

    private static bool IsYes(DirectoryLookup<bool> lookup) => lookup.Match(yes => yes, () => false, _ => false);

    private static bool IsUnavailable(DirectoryLookup<bool> lookup) => lookup.Match(_ => false, () => false, _ => true);

    /// <summary>A lookup that runs out of time is "unavailable", never "no"; an aborted request still ends the wait.</summary>
    private static async Task<DirectoryLookup<T>> BoundAsync<T>(Task<DirectoryLookup<T>> lookup, CancellationToken requestAborted)
    {
        try
        {
            return await lookup;
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return DirectoryLookup.Unavailable<T>("The directory did not answer within the view's time budget.");
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Complaint {ComplaintId} shown as {Visibility} (directory unavailable: {Unavailable})")]
    private static partial void LogSight(ILogger logger, string complaintId, ComplaintVisibility visibility, bool unavailable);
}
