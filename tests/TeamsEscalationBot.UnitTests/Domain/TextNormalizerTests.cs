using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.UnitTests.Domain;

[TestClass]
public sealed class TextNormalizerTests
{
    [TestMethod]
    [DataRow("Facturación", "facturacion")]
    [DataRow("FACTURACIÓN", "facturacion")]
    [DataRow("Año NUEVO", "ano nuevo")]
    [DataRow("Crème Brûlée", "creme brulee")]
    [DataRow("straße", "straße")]
    [DataRow("", "")]
    public void Normalize_Text_LowercaseWithoutAccents(string text, string expected)
    {
        Assert.AreEqual(expected, TextNormalizer.Normalize(text));
    }

    [TestMethod]
    [DataRow("llegó")]
    [DataRow("llego\u0301")]
    public void Normalize_DecomposedInput_SameAsPrecomposed(string text)
    {
        Assert.AreEqual("llego", TextNormalizer.Normalize(text));
    }

    [TestMethod]
    public void Tokenize_SpanishSentence_WordsWithoutPunctuation()
    {
        var words = TextNormalizer.Tokenize("¡No me llegó la FACTURA! (pedido #123)");

        Assert.AreSequenceEqual(new[] { "no", "me", "llego", "la", "factura", "pedido", "123" }, words);
    }

    [TestMethod]
    public void Tokenize_EmojiHyphenAndApostrophe_SeparateWords()
    {
        var words = TextNormalizer.Tokenize("late-delivery🚚 don't\tstop");

        Assert.AreSequenceEqual(new[] { "late", "delivery", "don", "t", "stop" }, words);
    }

    [TestMethod]
    public void Tokenize_OnlyPunctuation_Empty()
    {
        Assert.IsEmpty(TextNormalizer.Tokenize(" ¿?!… -- "));
    }

    [TestMethod]
    [DataRow("  Atención   al Cliente ")]
    [DataRow("atencion al cliente")]
    public void ToKey_CaseAccentsAndSpacing_Equal(string text)
    {
        Assert.AreEqual("atencion al cliente", TextNormalizer.ToKey(text));
    }
}
