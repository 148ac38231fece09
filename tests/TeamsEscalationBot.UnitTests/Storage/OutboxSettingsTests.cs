using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Storage;

/// <summary>
/// How long a card that cannot be delivered (Teams unreachable or answering 5xx) takes until the complaint records the
/// failure, computed from the host's own settings files and the worker's backoff code.
/// </summary>
[TestClass]
public sealed class OutboxSettingsTests
{
    private static readonly string HostDirectory = Path.Combine(RepositoryPaths.Root, "src", "TeamsEscalationBot");

    [TestMethod]
    public void DevelopmentSettings_UndeliverableCard_FailureRecordedWithinAMinute()
    {
        var settings = Load("appsettings.json", "appsettings.Development.json");
        var (storage, bot) = (Bind<StorageOptions>(settings, "Storage"), Bind<BotFrameworkOptions>(settings, "Bot"));
        Assert.IsTrue(new StorageOptionsValidator().Validate(null, storage).Succeeded);
        Assert.IsTrue(Validator.TryValidateObject(bot, new ValidationContext(bot), null, validateAllProperties: true));

        var worst = WorstTimeToFailure(storage.Outbox, bot);

        Assert.IsLessThan(TimeSpan.FromMinutes(1), worst, $"worst case {worst} with {storage.Outbox.MaxAttempts} attempts");
        Assert.IsLessThan(10, storage.Outbox.MaxAttempts, "fewer attempts than in Production");
    }

    [TestMethod]
    public void ProductionSettings_OutboxAndConnector_DefaultsUnchanged()
    {
        var settings = Load("appsettings.json");
        var (storage, bot) = (Bind<StorageOptions>(settings, "Storage"), Bind<BotFrameworkOptions>(settings, "Bot"));

        Assert.AreEqual(11, storage.Outbox.MaxAttempts);
        Assert.AreEqual(TimeSpan.FromSeconds(1), storage.Outbox.BaseDelay);
        Assert.AreEqual(TimeSpan.FromMinutes(10), storage.Outbox.MaxDelay);
        Assert.AreEqual(TimeSpan.FromSeconds(2), storage.Outbox.PollInterval);
        Assert.AreEqual(3, bot.MaxRetries);
        Assert.AreEqual(TimeSpan.FromSeconds(1), bot.RetryBaseDelay);
        Assert.AreEqual(TimeSpan.FromMinutes(1), bot.ConnectorTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(15), bot.ConnectorAttemptTimeout);
        Assert.IsGreaterThan(TimeSpan.FromMinutes(15), WorstTimeToFailure(storage.Outbox, bot), "Production keeps trying for a quarter of an hour and more");
        Assert.IsGreaterThan(TimeSpan.FromMinutes(15), Backoff(storage.Outbox, random01: 1), "even calls refused at once (503s) are tried for a quarter of an hour");
        Assert.IsGreaterThan(TimeSpan.FromMinutes(8), Backoff(storage.Outbox, random01: 0), "and for eight minutes at the least");
    }

    /// <summary>
    /// Every attempt is one Connector call, bounded with its own retries by Bot:ConnectorTimeout; between attempts the
    /// item waits its backoff (the jitter at its largest) and then at most one poll interval until the worker leases it.
    /// </summary>
    private static TimeSpan WorstTimeToFailure(OutboxOptions outbox, BotFrameworkOptions bot)
    {
        var backoff = Backoff(outbox, random01: 1);
        return backoff + (outbox.PollInterval * (outbox.MaxAttempts - 1)) + (bot.ConnectorTimeout * outbox.MaxAttempts);
    }

    /// <summary>The backoff an item waits in all between its first and its last attempt, at a given jitter.</summary>
    private static TimeSpan Backoff(OutboxOptions outbox, double random01) =>
        Enumerable.Range(1, outbox.MaxAttempts - 1)
            .Aggregate(TimeSpan.Zero, (sum, failed) => sum + OutboxBackoff.Delay(failed, outbox.BaseDelay, outbox.MaxDelay, random01));

    private static IConfiguration Load(params string[] files)
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            builder.AddJsonFile(Path.Combine(HostDirectory, file), optional: false);
        }

        return builder.Build();
    }

    private static T Bind<T>(IConfiguration settings, string section)
        where T : new()
    {
        var options = new T();
        settings.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
