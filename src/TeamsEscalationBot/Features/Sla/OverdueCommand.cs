using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// <c>overdue</c> (<c>vencidas</c>): the overdue and due-soon complaints of every department the person belongs to
/// (a member of its Entra group, through the directory, or one of its leads), most overdue first, each with a link to
/// its card. Found through the stored due-soon instant of each department (an index range), never by reading every
/// complaint; the list is bounded by <c>Cards:MaxListItems</c> and says how many more there are. Each department
/// contributes at most <see cref="ComplaintQuery.MaxPageSize"/> complaints (its oldest), which bounds the reads too.
/// </summary>
internal sealed partial class OverdueCommand(
    IComplaintStore store,
    ComplaintRouter router,
    IDirectory directory,
    IInstallationStore installations,
    OverdueCardBuilder cards,
    IOptions<BotFrameworkOptions> bot,
    TimeProvider time,
    ILogger<OverdueCommand> logger)
{
    /// <summary>How long the membership questions may take together; a chat answer should not hang on the directory.</summary>
    public static readonly TimeSpan DirectoryTimeout = TimeSpan.FromSeconds(5);

    public async Task<Activity> AnswerAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var texts = Texts.For(activity.Locale);
        var person = activity.From?.AadObjectId;
        if (string.IsNullOrWhiteSpace(person))
        {
            return BotMessages.Own(texts["Chat_NoIdentity"]);
        }

        var (departments, unavailable) = await DepartmentsOfAsync(person.Trim(), cancellationToken);
        if (departments.Count == 0)
        {
            return BotMessages.Own(texts[unavailable ? "Overdue_DirectoryUnavailable" : "Overdue_NotAMember"]);
        }

        var now = time.GetUtcNow();
        var items = new List<OverdueItem>();
        foreach (var department in departments)
        {
            items.AddRange(await DueSoonAsync(department, now, cancellationToken));
        }

        LogListed(logger, departments.Count, items.Count);
        var ordered = items.OrderBy(i => i.Status.Band == SlaBand.Overdue ? 0 : 1).ThenBy(i => i.Status.DueAt).ThenBy(i => i.Complaint.Id, StringComparer.Ordinal).ToList();
        var card = cards.Build(ordered, departments, activity.Locale, activity.LocalTimezone, now);
        return BotMessages.Card(card);
    }

    /// <summary>The department's open complaints due soon or overdue now, each with its standing and its card link.</summary>
    private async Task<List<OverdueItem>> DueSoonAsync(Department department, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(
            new ComplaintQuery { DepartmentId = department.Id, DueSoonAt = now, PageSize = ComplaintQuery.MaxPageSize }, cancellationToken);
        var team = await installations.FindTeamAsync(department.TeamId, cancellationToken);
        return
        [
            .. page.Items
                .Where(c => c.State != ComplaintState.Closed)
                .Select(c => (Complaint: c, Status: SlaRecords.StatusOf(c, now)))
                .Where(x => x.Status is { Band: SlaBand.DueSoon or SlaBand.Overdue })
                .Select(x => new OverdueItem(
                    x.Complaint,
                    x.Status!,
                    department,
                    x.Complaint.CurrentCard is { } card ? ChannelMessageLink.For(card, team?.TenantId ?? bot.Value.TenantId, team?.TeamAadGroupId) : null)),
        ];
    }

    /// <summary>
    /// The departments the person leads or whose Entra group they belong to, asked of the directory all at once and
    /// bounded by <see cref="DirectoryTimeout"/>; <c>Unavailable</c> when some could not be answered.
    /// </summary>
    private async Task<(List<Department> Departments, bool Unavailable)> DepartmentsOfAsync(string person, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(DirectoryTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var answers = await Task.WhenAll(router.Departments.Select(async department =>
        {
            if (department.LeadUserIds.Contains(person, StringComparer.OrdinalIgnoreCase))
            {
                return (Department: department, Member: (bool?)true);
            }

            try
            {
                var lookup = await directory.IsDepartmentMemberAsync(person, department, linked.Token);
                return (Department: department, Member: lookup.Match<bool?>(member => member, () => false, _ => null));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (Department: department, Member: (bool?)null);
            }
        }));
        return ([.. answers.Where(a => a.Member == true).Select(a => a.Department)], answers.Any(a => a.Member is null));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Overdue list for {Departments} department(s): {Items} complaint(s)")]
    private static partial void LogListed(ILogger logger, int departments, int items);
}

/// <summary>One line of the overdue list: the complaint, its standing now, its department and the link to its card (null while not posted).</summary>
internal sealed record OverdueItem(Complaint Complaint, SlaStatus Status, Department Department, Uri? CardLink);
