using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>The <c>Relay</c> configuration section: where answers go when no community manager asked, and how callbacks are sent.</summary>
internal sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>The default target for sources without their own entry.</summary>
    public const string AnySource = "*";

    /// <summary>
    /// Same as <see cref="AnySource"/>, for hosts whose setting names cannot contain <c>*</c> (App Service:
    /// <c>Relay__DefaultTargets__Default__ChannelId</c>).
    /// </summary>
    public const string AnySourceAlias = "Default";

    /// <summary>Per complaint source (the intake's <c>source</c>), or <c>*</c>: who gets answers nobody asked for by name.</summary>
    public Dictionary<string, RelayTargetOptions> DefaultTargets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public CallbackClientOptions Callback { get; set; } = new();

    /// <summary>The source's own target, else the <c>*</c> (or <c>Default</c>) one, else null.</summary>
    public RelayTargetOptions? TargetFor(string source) =>
        DefaultTargets.GetValueOrDefault(source)
        ?? DefaultTargets.GetValueOrDefault(AnySource)
        ?? DefaultTargets.GetValueOrDefault(AnySourceAlias);
}

/// <summary>One default target: a channel (a new thread per answer) or community managers (each gets the card in a 1:1 chat).</summary>
internal sealed class RelayTargetOptions
{
    /// <summary>The team's thread id (<c>19:…@thread.tacv2</c>); with <see cref="ChannelId"/>.</summary>
    public string? TeamId { get; set; }

    public string? ChannelId { get; set; }

    /// <summary>Entra object ids of community managers; any of them may accept or send back.</summary>
    public List<string> CommunityManagers { get; set; } = [];

    public bool IsChannel => !string.IsNullOrWhiteSpace(ChannelId);
}

/// <summary><c>Relay:Callback</c>: the HTTP client that posts outcomes to the social tools' callback URLs.</summary>
internal sealed class CallbackClientOptions
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Bound on one callback request (connect, send, answer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Allow callback hosts that resolve to loopback, private, link-local or other non-public addresses. Off by default,
    /// so an allowed host name that is (re)pointed at an internal address cannot be used to reach the internal network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// SHA-256 thumbprints (hex) of receiver certificates trusted in addition to the system's roots: a receiver behind a
    /// private CA, or the self-signed receiver of the tests. The host name must still match the certificate.
    /// </summary>
    public List<string> TrustedCertificateThumbprints { get; set; } = [];
}

/// <summary>Start-up checks of <c>Relay:*</c>; each message names the key to fix.</summary>
internal sealed class RelayOptionsValidator : IValidateOptions<RelayOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options)
    {
        var failures = new List<string>();
        foreach (var (source, target) in options.DefaultTargets)
        {
            ValidateTarget($"Relay:DefaultTargets:{source}", target, failures);
        }

        var callback = options.Callback;
        if (callback.Timeout < CallbackClientOptions.MinTimeout || callback.Timeout > CallbackClientOptions.MaxTimeout)
        {
            failures.Add($"Relay:Callback:Timeout must be between {Format(CallbackClientOptions.MinTimeout)} and {Format(CallbackClientOptions.MaxTimeout)} (it is {Format(callback.Timeout)}).");
        }

        for (var i = 0; i < callback.TrustedCertificateThumbprints.Count; i++)
        {
            var thumbprint = callback.TrustedCertificateThumbprints[i];
            if (thumbprint is null || thumbprint.Trim().Length != 64 || !thumbprint.Trim().All(char.IsAsciiHexDigit))
            {
                failures.Add($"Relay:Callback:TrustedCertificateThumbprints:{i} must be a SHA-256 certificate thumbprint (64 hex characters).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTarget(string key, RelayTargetOptions target, List<string> failures)
    {
        var managers = target.CommunityManagers;
        if (target.IsChannel == (managers.Count > 0))
        {
            failures.Add($"{key} needs either ChannelId (with TeamId) or CommunityManagers (Entra object ids), not both and not neither.");
        }

        if (target.IsChannel && string.IsNullOrWhiteSpace(target.TeamId))
        {
            failures.Add($"{key}:TeamId is required with ChannelId (the team's id, 19:…@thread.tacv2).");
        }

        for (var i = 0; i < managers.Count; i++)
        {
            if (!Guid.TryParse(managers[i], out _))
            {
                failures.Add($"{key}:CommunityManagers:{i} must be an Entra object id (a GUID); it is '{managers[i]}'.");
            }
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
