using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>Settings of the card workflow, section <c>Workflow</c>.</summary>
internal sealed class WorkflowOptions
{
    public const string SectionName = "Workflow";

    /// <summary>
    /// The longest a card action waits for the directory (membership and names, all asked at once). Teams gives an
    /// invoke a few seconds; an answer that takes longer counts as "directory unavailable, try again".
    /// </summary>
    public TimeSpan DirectoryTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How many times an action is applied again on a freshly read complaint after losing a concurrent write.</summary>
    public int MaxUpdateAttempts { get; set; } = 5;

    /// <summary>How often this instance writes the department's recently active members (refresh list) to storage.</summary>
    public TimeSpan ActiveMembersFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long this instance reuses the stored list of a department's active members before reading it again.</summary>
    public TimeSpan ActiveMembersCacheLifetime { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Start-up checks of <c>Workflow:*</c>; each message names the key to fix.</summary>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, "Workflow:DirectoryTimeout", options.DirectoryTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        Check(failures, "Workflow:ActiveMembersFlushInterval", options.ActiveMembersFlushInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Check(failures, "Workflow:ActiveMembersCacheLifetime", options.ActiveMembersCacheLifetime, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        if (options.MaxUpdateAttempts is < 1 or > 20)
        {
            failures.Add($"Workflow:MaxUpdateAttempts must be between 1 and 20 (it is {options.MaxUpdateAttempts}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be between {min:c} and {max:c} (it is {value:c}).");
        }
    }
}
