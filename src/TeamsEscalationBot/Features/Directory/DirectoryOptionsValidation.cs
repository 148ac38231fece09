using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>Start-up checks of <c>Directory:*</c>; each message names the key to fix.</summary>
internal sealed class DirectoryOptionsValidator(IHostEnvironment environment, IOptions<BotFrameworkOptions> bot) : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        var failures = new List<string>();
        if (options.CacheLifetime < DirectoryOptions.MinCacheLifetime || options.CacheLifetime > DirectoryOptions.MaxCacheLifetime)
        {
            failures.Add(
                $"Directory:CacheLifetime must be between {Format(DirectoryOptions.MinCacheLifetime)} and {Format(DirectoryOptions.MaxCacheLifetime)} " +
                $"(it is {Format(options.CacheLifetime)}).");
        }

        switch (options.Provider)
        {
            case DirectoryProvider.Static when !environment.IsDevelopment():
                failures.Add(
                    $"Directory:Provider=Static is allowed only in the Development environment (this is '{environment.EnvironmentName}'). " +
                    "Use Directory:Provider=Graph with the bot's app-only credential (Bot:CredentialType).");
                break;
            case DirectoryProvider.Static:
                ValidateStaticUsers(options.Static.Users, failures);
                break;
            case DirectoryProvider.Graph when CredentialType() == BotCredentialType.None:
                failures.Add(
                    "Directory:Provider=Graph needs the bot's app-only credential, but Bot:CredentialType is None. Set Bot:CredentialType " +
                    "(ManagedIdentity, ClientSecret or Certificate), or use Directory:Provider=Static in Development.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>
    /// The same default as the protocol layer applies when <c>Bot:CredentialType</c> is not set; null when the <c>Bot</c>
    /// section is itself invalid (its own validation reports that, once).
    /// </summary>
    private BotCredentialType? CredentialType()
    {
        try
        {
            return bot.Value.CredentialType ?? (environment.IsDevelopment() ? BotCredentialType.None : BotCredentialType.ManagedIdentity);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static void ValidateStaticUsers(IList<StaticDirectoryUser> users, List<string> failures)
    {
        var ids = new HashSet<Guid>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            var key = $"Directory:Static:Users:{i}";
            if (!Guid.TryParse(user.AadObjectId, out var id))
            {
                failures.Add($"{key}:AadObjectId must be the user's Entra object id (a GUID); it is '{user.AadObjectId}'.");
            }
            else if (!ids.Add(id))
            {
                failures.Add($"{key}:AadObjectId '{user.AadObjectId}' is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(user.DisplayName))
            {
                failures.Add($"{key}:DisplayName must not be empty.");
            }

            if (user.UserPrincipalName is { } upn && (!upn.Contains('@', StringComparison.Ordinal) || !names.Add(upn)))
            {
                failures.Add($"{key}:UserPrincipalName '{upn}' must look like name@domain and be unique.");
            }

            if (user.Departments.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{key}:Departments must list department ids (as configured under Departments), without empty entries.");
            }
        }
    }
}

/// <summary>Start-up checks of <c>Graph:*</c>.</summary>
internal sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            failures.Add(
                $"Graph:BaseUrl must be an absolute https URL such as {GraphOptions.DefaultBaseUrl} (http only on loopback, for tests); it is '{options.BaseUrl}'.");
        }

        if (options.Timeout < GraphOptions.MinTimeout || options.Timeout > GraphOptions.MaxTimeout)
        {
            failures.Add(
                $"Graph:Timeout must be between {DirectoryOptionsValidator.Format(GraphOptions.MinTimeout)} and " +
                $"{DirectoryOptionsValidator.Format(GraphOptions.MaxTimeout)} (it is {DirectoryOptionsValidator.Format(options.Timeout)}).");
        }

        if (options.MaxRetryWait < TimeSpan.Zero || options.MaxRetryWait > GraphOptions.MaxMaxRetryWait || options.MaxRetryWait >= options.Timeout)
        {
            failures.Add(
                $"Graph:MaxRetryWait must be between 00:00:00 and {DirectoryOptionsValidator.Format(GraphOptions.MaxMaxRetryWait)} and shorter than " +
                $"Graph:Timeout (it is {DirectoryOptionsValidator.Format(options.MaxRetryWait)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Start-up check of <c>Teams:CatalogAppId</c>.</summary>
internal sealed class TeamsAppOptionsValidator : IValidateOptions<TeamsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsAppOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.CatalogAppId) && !Guid.TryParse(options.CatalogAppId, out _))
        {
            failures.Add($"Teams:CatalogAppId must be the app's id in the tenant app catalog (a GUID) or be left out; it is '{options.CatalogAppId}'.");
        }

        if (!Uri.TryCreate(options.DefaultServiceUrl, UriKind.Absolute, out var url) ||
            !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            failures.Add($"Teams:DefaultServiceUrl must be an absolute https URL; it is '{options.DefaultServiceUrl}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Fills defaults that depend on the environment.</summary>
internal sealed class DirectoryOptionsDefaults(IHostEnvironment environment) : IPostConfigureOptions<DirectoryOptions>
{
    public void PostConfigure(string? name, DirectoryOptions options) =>
        options.Provider ??= environment.IsDevelopment() ? DirectoryProvider.Static : DirectoryProvider.Graph;
}
