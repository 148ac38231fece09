using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// Finds the Entra object id of a requester that the API names by UPN only, so that the community manager's <c>my</c>
/// and <c>status</c> find the complaint. Intake never waits long for it and never fails because of it: without an
/// answer the complaint keeps the UPN, and the relay looks it up again when the answer is delivered.
/// </summary>
internal sealed partial class RequesterResolver(IDirectory directory, TimeProvider time, ILogger<RequesterResolver> logger)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public async Task<ComplaintSubmission> ResolveAsync(ComplaintSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Requester is not { AadObjectId: null, Upn: { Length: > 0 } upn })
        {
            return submission;
        }

        using var budget = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        string? found;
        try
        {
            var lookup = await directory.GetUserAsync(upn, linked.Token);
            found = lookup.Match<string?>(user => user.AadObjectId, () => null, unavailable => null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            found = null;
        }

        if (found is null)
        {
            LogNotResolved(logger, submission.Source, submission.ExternalId);
            return submission;
        }

        return submission with { ResolvedRequesterAadObjectId = found };
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "The requester of {Source}/{ExternalId} is known by UPN only and the directory did not name them now; the relay looks them up again at delivery")]
    private static partial void LogNotResolved(ILogger logger, string source, string externalId);
}
