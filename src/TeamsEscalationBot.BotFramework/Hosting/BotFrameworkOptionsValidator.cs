using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;

namespace TeamsEscalationBot.BotFramework.Hosting;

/// <summary>Start-up checks of <c>Bot:*</c>; each message names the key to fix.</summary>
internal sealed class BotFrameworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var failures = new List<string>();
        var development = environment.IsDevelopment();
        if (options.AllowUnauthenticated && !development)
        {
            failures.Add(
                $"Bot:AllowUnauthenticated=true is honoured only in the Development environment (this is '{environment.EnvironmentName}'). " +
                "Remove the setting, or run with ASPNETCORE_ENVIRONMENT=Development for a local emulator.");
        }

        ValidateChannels(options, development, failures);
        ValidateIdentity(options, development, failures);
        ValidateCredential(options, failures);
        ValidateMetadataUrl(options, failures);
        foreach (var entry in options.TrustedServiceUrls)
        {
            if (!ServiceUrlTrust.IsValidEntry(entry))
            {
                failures.Add($"Bot:TrustedServiceUrls entry '{entry}' is neither an absolute http(s) URL nor a host pattern like '*.example.com'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateChannels(BotFrameworkOptions options, bool development, List<string> failures)
    {
        for (var i = 0; i < options.AllowedChannels.Count; i++)
        {
            var channel = options.AllowedChannels[i];
            if (string.IsNullOrWhiteSpace(channel))
            {
                failures.Add($"Bot:AllowedChannels:{i} is empty; list channel ids such as '{BotFrameworkOptions.TeamsChannelId}'.");
            }
            else if (!development && !string.Equals(channel, BotFrameworkOptions.TeamsChannelId, StringComparison.Ordinal))
            {
                failures.Add(
                    $"Bot:AllowedChannels:{i} is '{channel}', but outside the Development environment (this is '{environment.EnvironmentName}') " +
                    $"the bot accepts Microsoft Teams only: remove the entry, or list just '{BotFrameworkOptions.TeamsChannelId}'.");
            }
        }
    }

    private static void ValidateIdentity(BotFrameworkOptions options, bool development, List<string> failures)
    {
        if (!development || !string.IsNullOrWhiteSpace(options.AppId))
        {
            if (!Guid.TryParse(options.AppId, out _))
            {
                failures.Add("Bot:AppId must be the bot's Microsoft App ID (a GUID); it is required outside Development.");
            }
        }

        if (!development || !string.IsNullOrWhiteSpace(options.TenantId))
        {
            if (!Guid.TryParse(options.TenantId, out _))
            {
                failures.Add("Bot:TenantId must be the Entra tenant id (a GUID); it is required outside Development.");
            }
        }
    }

    private static void ValidateCredential(BotFrameworkOptions options, List<string> failures)
    {
        switch (options.CredentialType)
        {
            case BotCredentialType.ClientSecret when string.IsNullOrWhiteSpace(options.ClientSecret):
                failures.Add("Bot:ClientSecret is required when Bot:CredentialType is ClientSecret.");
                break;
            case BotCredentialType.Certificate when string.IsNullOrWhiteSpace(options.CertificatePath):
                failures.Add("Bot:CertificatePath is required when Bot:CredentialType is Certificate.");
                break;
            case BotCredentialType.Certificate when !File.Exists(options.CertificatePath):
                failures.Add($"Bot:CertificatePath '{options.CertificatePath}' does not exist.");
                break;
            case BotCredentialType.ClientSecret or BotCredentialType.Certificate or BotCredentialType.ManagedIdentity
                when !Guid.TryParse(options.AppId, out _):
                failures.Add($"Bot:AppId (a GUID) is required when Bot:CredentialType is {options.CredentialType}.");
                break;
        }
    }

    private static void ValidateMetadataUrl(BotFrameworkOptions options, List<string> failures)
    {
        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            failures.Add("Bot:OpenIdMetadataUrl must be an absolute https URL (http only on loopback, for tests).");
        }
    }
}

/// <summary>Fills defaults that depend on the environment.</summary>
internal sealed class BotFrameworkOptionsDefaults(IHostEnvironment environment) : IPostConfigureOptions<BotFrameworkOptions>
{
    public void PostConfigure(string? name, BotFrameworkOptions options)
    {
        options.CredentialType ??= environment.IsDevelopment() ? BotCredentialType.None : BotCredentialType.ManagedIdentity;
        if (options.AllowedChannels.Count == 0)
        {
            options.AllowedChannels.Add(BotFrameworkOptions.TeamsChannelId);
        }
    }
}
