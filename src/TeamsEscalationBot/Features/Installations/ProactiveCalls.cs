using System.Text.Json;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Installations;

/// <summary>
/// What every proactive Connector call needs: where to call (the team's installation, else the defaults) and what a
/// failure means (429/5xx and network errors are transient, the rest is not). Used by the 1:1 chats, the relay and
/// crisis alerts, each with its own outcome type.
/// </summary>
internal static class ProactiveCalls
{
    /// <summary>The service URL and tenant for proactive calls: the team's installation when the bot knows it, else the defaults.</summary>
    public static async Task<(string ServiceUrl, string TenantId)> EndpointAsync(
        IInstallationStore installations, string? teamId, TeamsAppOptions teams, BotFrameworkOptions bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installations);
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(bot);
        var installation = string.IsNullOrWhiteSpace(teamId) ? null : await installations.FindTeamAsync(teamId, cancellationToken);
        return (installation?.ServiceUrl ?? teams.DefaultServiceUrl, installation?.TenantId ?? bot.TenantId ?? string.Empty);
    }

    /// <summary>
    /// Runs <paramref name="deliver"/> and turns the ways a Connector call fails into <paramref name="transient"/> (reason,
    /// retry-after) or <paramref name="impossible"/> (reason) outcomes. <paramref name="what"/> names what was being sent
    /// ("message", "answer", "alert") in the reason for a malformed address or answer.
    /// </summary>
    public static async Task<TOutcome> GuardAsync<TOutcome>(
        Func<Task<TOutcome>> deliver, Func<string, TimeSpan?, TOutcome> transient, Func<string, TOutcome> impossible, string what)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        ArgumentNullException.ThrowIfNull(transient);
        ArgumentNullException.ThrowIfNull(impossible);
        try
        {
            return await deliver();
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            return transient($"Teams answered {(int)ex.StatusCode} {ex.ErrorCode}".TrimEnd(), ex.RetryAfter);
        }
        catch (ConnectorException ex)
        {
            return impossible($"Teams refused with {(int)ex.StatusCode} {ex.ErrorCode}".TrimEnd() + ".");
        }
        catch (UntrustedServiceUrlException ex)
        {
            return impossible(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return transient($"Teams could not be reached: {ex.Message}", null);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException)
        {
            // A malformed address or answer (a service URL that is not a URL, an unreadable reply) is the same next time.
            return impossible($"The {what} could not be sent: {ex.Message}");
        }
    }
}
