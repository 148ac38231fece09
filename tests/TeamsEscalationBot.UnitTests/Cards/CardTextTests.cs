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

    [TestMethod]
    [DataRow("Ana\u200BRuiz\u2060", "AnaRuiz")]
    [DataRow("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [DataRow("\u2066isolated\u2069 \u200Eleft\u200F \uFEFFbom \u00ADsoft", "isolated left bom soft")]
    [DataRow("bell\u0007 and escape\u001B[31m", "bell and escape[31m")]
    [DataRow("{{DATE(2026-01-01T00:00:00Z, SHORT)}}", "{\u200A{DATE(2026-01-01T00:00:00Z, SHORT)}}")]
    [DataRow("${user.name} and $100 {not} {{{x", "$\u200A{user.name} and $100 {not} {\u200A{\u200A{x")]
    [DataRow("{\u200B{DATE(2026-01-01T00:00:00Z)}}", "{\u200A{DATE(2026-01-01T00:00:00Z)}}")]
    [DataRow("$\u2060{x}", "$\u200A{x}")]
    public void Inert_HiddenCharactersAndFunctions_RemovedOrBroken(string text, string expected) =>
        Assert.AreEqual(expected, CardText.Inert(text));

    [TestMethod]
    [DataRow("Plain text, [a](b) **c** <at>d</at> stays")]
    [DataRow("Line one\nline two\tand a tab")]
    [DataRow("👩\u200D💻 and می\u200Cخواهم keep their joiners")]
    public void Inert_VisibleText_Unchanged(string text) =>
        Assert.AreSame(text, CardText.Inert(text));
}
