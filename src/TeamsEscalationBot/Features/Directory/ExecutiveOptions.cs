using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The company's executives, section <c>Executives</c>: Microsoft Entra object ids of the people who are told when a
/// complaint passes the second escalation level and when a reputation crisis starts. Empty: nobody above the
/// departments' leads is told.
/// </summary>
internal sealed class ExecutiveOptions
{
    public const string SectionName = "Executives";

    /// <summary>Entra object ids (GUIDs), each at most once.</summary>
    public List<string> UserIds { get; set; } = [];
}

/// <summary>Start-up check of <c>Executives:UserIds</c>: every entry an Entra object id, none twice.</summary>
internal sealed class ExecutiveOptionsValidator : IValidateOptions<ExecutiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < options.UserIds.Count; i++)
        {
            if (!Guid.TryParse(options.UserIds[i], out var id))
            {
                problems.Add($"Executives:UserIds:{i} must be a Microsoft Entra object id (a GUID).");
            }
            else if (!seen.Add(id))
            {
                problems.Add($"Executives:UserIds:{i} repeats {id}.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
