using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// Where a complaint's channel messages are: the thread an event belongs to, who owned it then, and the service URL; and
/// posting a reply into such a thread as an outbox handler does.
/// </summary>
internal sealed class ComplaintThreads(
    ComplaintRouter router, IInstallationStore installations, IConnectorClient connector, IOptions<TeamsAppOptions> teams)
{
    /// <summary>
    /// The card whose thread the history entry at <paramref name="version"/> (1-based) belongs to: the card posted in
    /// the department the complaint was in just before that entry (for a reassign, the department it left). Null when
    /// no card was posted there since it arrived (the entry has no thread to go to).
    /// </summary>
    public static ComplaintEvent? ThreadOf(Complaint complaint, long version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ComplaintEvent? thread = null;
        for (var i = 0; i < version - 1 && i < complaint.History.Count; i++)
        {
            var entry = complaint.History[i];
            thread = entry.Kind switch
            {
                ComplaintEventKind.Routed or ComplaintEventKind.Reassigned => null,
                ComplaintEventKind.CardPosted => entry,
                _ => thread,
            };
        }

        return thread;
    }

    /// <summary>The owner right after the history entry at <paramref name="version"/>.</summary>
    public static Person? OwnerAt(Complaint complaint, long version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        Person? owner = null;
        for (var i = 0; i < version && i < complaint.History.Count; i++)
        {
            var entry = complaint.History[i];
            owner = entry.Kind switch
            {
                ComplaintEventKind.Claimed or ComplaintEventKind.Assigned => entry.Assignee,
                ComplaintEventKind.Unclaimed or ComplaintEventKind.Reassigned => null,
                ComplaintEventKind.Reopened when entry.ToState == ComplaintState.Open => null,
                _ => owner,
            };
        }

        return owner;
    }

    /// <summary>The Connector service URL of the department's team: its installation's, else <c>Teams:DefaultServiceUrl</c>.</summary>
    public async Task<string> ServiceUrlAsync(string departmentId, CancellationToken cancellationToken)
    {
        var department = router.FindDepartment(departmentId);
        var installation = department is null ? null : await installations.FindTeamAsync(department.TeamId, cancellationToken);
        return installation?.ServiceUrl ?? teams.Value.DefaultServiceUrl;
    }

    /// <summary>
    /// Posts <paramref name="message"/> as a reply in the thread <paramref name="conversationId"/> of department
    /// <paramref name="departmentId"/>: <see cref="OutboxResult.Done"/>, or what the failure means for the outbox item
    /// (<see cref="ChannelUpdateFailures"/>; an untrusted service URL fails, an unreachable Teams is retried).
    /// <paramref name="what"/> names the reply in the reasons ("the audit line 3 of complaint C-1").
    /// </summary>
    public async Task<OutboxResult> ReplyAsync(
        string departmentId, string conversationId, Activity message, string what, CancellationToken cancellationToken)
    {
        try
        {
            var serviceUrl = await ServiceUrlAsync(departmentId, cancellationToken);
            await connector.SendToConversationAsync(serviceUrl, conversationId, message, cancellationToken);
            return OutboxResult.Done;
        }
        catch (ConnectorException ex)
        {
            return ChannelUpdateFailures.From(ex, what);
        }
        catch (UntrustedServiceUrlException ex)
        {
            return OutboxResult.Failed(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return OutboxResult.Retry($"Teams could not be reached: {ex.Message}");
        }
    }
}
