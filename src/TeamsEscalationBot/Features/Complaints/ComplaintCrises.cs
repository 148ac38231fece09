using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// What the complaints feature asks of crisis detection (docs/crises.md): to watch each complaint once it is stored,
/// and whether a complaint is part of an open crisis (its card shows a "Crisis" badge). The crises feature replaces
/// the default, which watches nothing.
/// </summary>
internal interface IComplaintCrises
{
    /// <summary>Feeds a just-stored complaint to the detector. Never throws for the caller and never takes long: intake must not fail or wait for it.</summary>
    Task ObserveAsync(Complaint complaint, CancellationToken cancellationToken);

    /// <summary>True when the complaint belongs to a crisis that is open (not yet handled). False when that cannot be told now.</summary>
    Task<bool> IsInOpenCrisisAsync(string complaintId, CancellationToken cancellationToken);
}

/// <summary>No crisis detection: nothing is watched and no complaint is in a crisis.</summary>
internal sealed class NoComplaintCrises : IComplaintCrises
{
    public Task ObserveAsync(Complaint complaint, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsInOpenCrisisAsync(string complaintId, CancellationToken cancellationToken) => Task.FromResult(false);
}
