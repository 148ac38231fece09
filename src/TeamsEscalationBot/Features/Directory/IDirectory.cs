using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>A person in the organisation's directory (Entra ID).</summary>
internal sealed record DirectoryUser(string AadObjectId, string DisplayName, string? Mail, string? JobTitle, string? UserPrincipalName);

/// <summary>
/// Who people are and what they may do: Microsoft Graph in production (<see cref="GraphDirectory"/>, cached), or a
/// static list from configuration for local runs (<see cref="StaticDirectory"/>). Every answer is a
/// <see cref="DirectoryLookup{T}"/>; an <c>Unavailable</c> answer means "try again", never "no".
/// </summary>
internal interface IDirectory
{
    /// <summary>A user by Entra object id (<c>from.aadObjectId</c>) or user principal name.</summary>
    Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the user belongs (directly or through nested groups) to the department's Entra group: the members may
    /// claim, assign and resolve that department's complaints. <c>Found(false)</c> = not a member.
    /// </summary>
    Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken);

    /// <summary>
    /// Installs the Teams app (<c>Teams:CatalogAppId</c>) for the user, so the bot can open a personal chat with them.
    /// <c>Found(true)</c> = installed now or already installed.
    /// </summary>
    Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken);
}
