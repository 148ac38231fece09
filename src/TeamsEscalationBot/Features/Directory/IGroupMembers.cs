namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The people in an Entra group, nested groups included (Graph <c>/groups/{id}/transitiveMembers</c>, users only): how
/// the digest's recipients follow a "leadership" group. <see cref="GraphDirectory"/> answers from Microsoft Graph; the
/// static directory of local runs knows no groups (<c>NotFound</c>).
/// </summary>
internal interface IGroupMembers
{
    /// <summary>The Entra object ids of the group's users, each once; <c>NotFound</c> when there is no such group.</summary>
    Task<DirectoryLookup<IReadOnlyList<string>>> ListUserIdsAsync(string groupId, CancellationToken cancellationToken);
}
