using TeamsEscalationBot.Cards;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class CardTextTests
{
    [TestMethod]
    [DataRow("My invoice is wrong", 20, "My invoice is wrong")]
    [DataRow("  My   invoice\r\nis wrong  ", 20, "My invoice is wrong")]
    [DataRow("My invoice is wrong", 19, "My invoice is wrong")]
    [DataRow("My invoice is wrong", 18, "My invoice is…")]
    [DataRow("My invoice is wrong", 13, "My invoice is…")]
    [DataRow("My invoice is wrong", 12, "My invoice…")]
    [DataRow("Supercalifragilistic expialidocious", 12, "Supercalifra…")]
    [DataRow("A verylongwordthatgoeson", 10, "A verylong…")]
    public void Gist_Text_FirstWholeWordsOnOneLineWithinTheLimit(string text, int maxChars, string expected) =>
        Assert.AreEqual(expected, CardText.Gist(text, maxChars));

    [TestMethod]
    public void Gist_SurrogatePairAtTheCut_NeverSplit()
    {
        var text = new string('a', 9) + "😀" + "b";

        var gist = CardText.Gist(text, 10);

        Assert.AreEqual(new string('a', 9) + CardText.Ellipsis, gist);
    }

    [TestMethod]
    public void Gist_TenThousandCharacters_ReadsOnlyWhatItNeeds()
    {
        var text = string.Concat(Enumerable.Repeat("refund never came ", 600));

        var gist = CardText.Gist(text, CardBudget.HeadlineChars);

        Assert.IsLessThanOrEqualTo(CardBudget.HeadlineChars + 1, gist.Length);
        Assert.EndsWith(CardText.Ellipsis, gist);
        Assert.StartsWith("refund never came refund", gist);
    }
}
