using TeamsEscalationBot.Domain.Crises;

namespace TeamsEscalationBot.UnitTests.Crises;

[TestClass]
public sealed class CrisisKeywordsTests
{
    [TestMethod]
    public void Extract_NoisyPost_OnlyWordsThatSayWhatItIsAbout()
    {
        var keywords = CrisisKeywords.Extract(
            "@Contoso la APP no funciona!!! https://t.co/xyz www.contoso.com 404 ok PS5 mail me at ana@example.com #caída");

        Assert.AreSequenceEqual(new[] { "app", "caida", "funciona", "mail", "ps5" }, keywords.ToArray());
    }

    [TestMethod]
    public void Extract_EnglishStopWordsAndContractions_Dropped()
    {
        var keywords = CrisisKeywords.Extract("I don't know why they haven't refunded my order yet, it's been weeks");

        Assert.AreSequenceEqual(new[] { "order", "refunded", "weeks" }, keywords.ToArray());
    }

    [TestMethod]
    public void Extract_SpanishStopWordsWithAndWithoutAccents_Dropped()
    {
        var keywords = CrisisKeywords.Extract("Está claro que ESTA empresa no me devolvió el dinero, y también ayer más cobros");

        Assert.AreSequenceEqual(new[] { "claro", "cobros", "devolvio", "dinero", "empresa" }, keywords.ToArray());
    }

    [TestMethod]
    public void Extract_MinLengthAndIgnoredWords_Applied()
    {
        var keywords = CrisisKeywords.Extract("Contoso Bank app outage", minLength: 4, ignoredWords: ["contoso bank"]);

        Assert.AreSequenceEqual(new[] { "outage" }, keywords.ToArray());
    }
}
